using System.IO.Hashing;
using System.Runtime.InteropServices;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Backend.Service;

/// <summary>
/// Serves one blkif ring: the backend loop.
/// <para>
/// Data flow. A request is copied out of its slot once (<see cref="BackRing.TryConsumeRequest"/>) into
/// a <c>RequestContext</c> the ring owns; INDIRECT descriptor pages are copied into it too. The tap sees
/// that copy at once, before validation, so malformed requests are recorded. The profile then
/// judges only the copy: a refusal is answered on the spot (and, for Linux, followed by a stall); an
/// accepted request drains the ring first if its profile says so, then becomes in flight. For stores
/// that complete inline (null, mem) in-flight requests are completed by this thread at the end of
/// each batch, in submission order or, for profiles that complete out of order, a seeded order; for
/// a blocking store (file) I/O threads run them and write their responses under the ring's response
/// lock, exactly as blkback's bio completions call <c>make_response</c> (a lone request on an idle
/// ring is served by the ring thread itself, which saves a wake-up at queue depth 1). A hold stops consumption until
/// the request completed. Responses are pushed with the notify rule.
/// </para>
/// <para>
/// Lifetimes. A context is the ring's from construction to disposal; it belongs to one request from
/// consumption to the moment its response is written, then goes back to the free list. The loop
/// guard keeps at most RING_SIZE requests outstanding, so RING_SIZE contexts always suffice, and a
/// steady-state batch allocates nothing. When the producer overflows the ring and the profile halts
/// (modern Linux), nothing more is consumed until the ring is torn down.
/// </para>
/// </summary>
public sealed partial class RingService : IDisposable
{
    private readonly int _queue;
    private readonly BackRing _ring;
    private readonly IGrantMapper _grants;
    private readonly IEventChannel? _channel;
    private readonly IBlockStore _store;
    private readonly BackendProfile _profile;
    private readonly BackendOptions _options;
    private readonly IRingEventSink? _tap;
    private readonly DiskFacts _disk;
    private readonly bool _servesDiscard;
    private readonly RequestContext[] _contexts;
    private readonly int[] _free;
    private readonly int[] _pending;
    private readonly XxHash3? _hasher;
    private readonly Lock _lock = new();
    private readonly int _pushMask;
    private int _freeCount;
    private int _pendingCount;
    private uint _shuffle;
    private bool _halted;
    private long _sleeps;

    /// <summary>Serves <paramref name="ring"/> (queue <paramref name="queue"/>) over <paramref name="store"/>.</summary>
    /// <param name="queue">Queue index, passed to the tap.</param>
    /// <param name="ring">The backend's view of the shared ring.</param>
    /// <param name="grants">The frontend's grants.</param>
    /// <param name="channel">The event channel to notify and sleep on (null: never notify, poll only).</param>
    /// <param name="store">The disk.</param>
    /// <param name="disk">What validation checks against.</param>
    /// <param name="options">Profile, tap and policies.</param>
    public RingService(int queue, BackRing ring, IGrantMapper grants, IEventChannel? channel, IBlockStore store, DiskFacts disk, BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _ring = ring;
        _grants = grants;
        _channel = channel;
        _store = store;
        _options = options;
        _profile = options.Profile;
        _tap = options.Tap;
        _disk = disk;
        _servesDiscard = _profile.ServesDiscard(store);
        _hasher = options.HashWrites ? new XxHash3() : null;
        _shuffle = (uint)HashCode.Combine(options.CompletionSeed, queue) | 1;
        int size = ring.Size;
        _contexts = new RequestContext[size];
        _free = new int[size];
        _pending = new int[size];
        for (int i = 0; i < size; i++)
        {
            _contexts[i] = new RequestContext(i, _profile.MaxIndirectSegments);
            _free[i] = size - 1 - i;
        }

        _freeCount = size;
        _pushMask = Math.Max(1, size / 4) - 1;
        int ioThreads = options.IoThreads >= 0 ? options.IoThreads : (store.CompletesInline ? 0 : 4);
        if (ioThreads > 0)
        {
            StartWorkers(ioThreads);
        }
    }

    /// <summary>The queue index.</summary>
    public int Queue => _queue;

    /// <summary><c>RING_SIZE</c>.</summary>
    public int RingSize => _ring.Size;

    /// <summary>What this ring saw and did.</summary>
    public BackendCounters Counters { get; } = new();

    /// <summary>True once the ring was halted on producer overflow.</summary>
    public bool Halted => Volatile.Read(ref _halted);

    /// <summary>Times the loop slept on the event channel.</summary>
    public long Sleeps => Volatile.Read(ref _sleeps);

    /// <summary>
    /// One round: consumes the requests the frontend published (at most RING_SIZE, and as far as the
    /// loop guard allows), serves them and pushes the responses. Returns how many requests were consumed. Never throws on
    /// ring content.
    /// </summary>
    public int Poll()
    {
        if (_halted)
        {
            return 0;
        }

        uint prod = _ring.ReadRequestProducer();
        if (_profile.Overflow == OverflowPolicy.HaltRing && IsOverflow(prod))
        {
            // RING_REQUEST_PROD_OVERFLOW: Linux blkback returns -EACCES and waits for teardown.
            Volatile.Write(ref _halted, true);
            Counters.CountHalt();
            return 0;
        }

        // At most RING_SIZE requests a round, whatever the producer claims: without an overflow check
        // (Linux 2.6.18) a hostile req_prod would otherwise keep one round going for 2^32 requests.
        int consumed = 0;
        int budget = _ring.Size;
        while (consumed < budget && TryConsume(prod, out var context))
        {
            consumed++;
            Admit(context);
            if ((consumed & _pushMask) == 0)
            {
                // Answer and publish in quarter-ring steps so the frontend refills while we serve the rest.
                if (_pendingCount > 0)
                {
                    CompletePending();
                }

                Push();
            }
        }

        if (_pendingCount > 0)
        {
            CompletePending();
        }

        Push();
        return consumed;
    }

    /// <summary>Runs until cancelled: poll, spin a while when idle, final check, sleep on the event channel.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        int idle = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (Halted)
            {
                // Halted: no more requests and no more responses until the frontend disconnects.
                Wait();
                continue;
            }

            // Idle polling only looks at req_prod (as cheap as the bare echo loop); a full round runs when there is work.
            if (_ring.ReadRequestProducer() != _ring.RequestConsumer && Poll() > 0)
            {
                idle = 0;
                continue;
            }

            if (++idle < _options.SpinIterations)
            {
                SpinPolicy.Idle(idle);
                continue;
            }

            idle = 0;
            if (!FinalCheck())
            {
                _sleeps++;
                Wait();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => StopWorkers();

    private void Wait()
    {
        if (_channel is null || !_channel.Wait(50))
        {
            Thread.Yield();
        }
    }

    private bool FinalCheck()
    {
        if (!_async)
        {
            return _ring.FinalCheckForRequests();
        }

        lock (_lock)
        {
            return _ring.FinalCheckForRequests();
        }
    }

    private bool IsOverflow(uint prod)
    {
        if (!_async)
        {
            return _ring.IsProducerOverflow(prod);
        }

        lock (_lock)
        {
            return _ring.IsProducerOverflow(prod);
        }
    }

    private bool TryConsume(uint prod, out RequestContext context)
    {
        bool taken = EnterIfAsync();
        try
        {
            if (_freeCount == 0)
            {
                context = null!;
                return false;
            }

            context = _contexts[_free[_freeCount - 1]];
            if (!_ring.TryConsumeRequest(prod, out context.Request, out context.RingIndex))
            {
                return false;
            }

            _freeCount--;
            return true;
        }
        finally
        {
            ExitIfTaken(taken);
        }
    }

    private void Admit(RequestContext context)
    {
        ref var r = ref context.Request;
        bool indirect = r.Operation == BlkifOperation.Indirect && _profile.MaxIndirectSegments > 0;
        context.ResponseOperation = indirect ? r.IndirectOperation : r.Operation;
        context.IndirectCount = 0;
        context.IndirectPageMissing = false;
        if (indirect)
        {
            ReadIndirect(context);
        }

        if (_tap is not null)
        {
            long? hash = _hasher is null ? null : HashPayload(context);
            _tap.OnRequest(_queue, context.RingIndex, in r, context.Indirect.AsSpan(0, context.IndirectCount), hash);
        }

        Counters.CountRequest(r.Operation);
        var rule = RequestValidator.Judge(_profile, _servesDiscard, context, in _disk, _grants);
        if (!rule.Accepted)
        {
            Counters.CountRejection(rule.Kind);
            Respond(context, rule.Status);
            Stall();
            return;
        }

        context.Steps = rule.Steps;
        if ((rule.Steps & PlanSteps.DrainBefore) != 0)
        {
            Counters.CountDrain();
            DrainInFlight();
        }

        bool hold = (rule.Steps & PlanSteps.HoldLater) != 0;
        if (hold)
        {
            Counters.CountHold();
        }

        if (_async && (rule.Steps & (PlanSteps.Data | PlanSteps.FlushBefore | PlanSteps.FlushAfter | PlanSteps.Discard)) != 0)
        {
            if (Volatile.Read(ref _inflight) == 0 && _pendingCount == 0 && _ring.ReadRequestProducer() == _ring.RequestConsumer)
            {
                // A lone request on an idle ring: serve it here and save the hand-off to an I/O thread
                // (a wake-up costs more than a page-cache pwrite). A second request in sight, or one
                // already in flight, and I/O threads take over, so several are in flight again.
                Respond(context, Execute(context));
            }
            else
            {
                Dispatch(context);
                if (hold)
                {
                    DrainInFlight();
                }
            }
        }
        else
        {
            _pending[_pendingCount++] = context.Index;
            if (hold)
            {
                CompletePending();
            }
        }
    }

    /// <summary>Copies the segments out of the descriptor pages once; the copy is all that is validated.</summary>
    private void ReadIndirect(RequestContext context)
    {
        ref var r = ref context.Request;
        int count = r.NrSegments;
        if (r.IndirectOperation is not (BlkifOperation.Read or BlkifOperation.Write) || count == 0 || count > _profile.MaxIndirectSegments)
        {
            return;
        }

        int pages = (count + BlkifConstants.SegmentsPerIndirectPage - 1) / BlkifConstants.SegmentsPerIndirectPage;
        for (int p = 0; p < pages; p++)
        {
            var page = _grants.MapPage(r.IndirectGrefs[p]);
            if (page.IsEmpty)
            {
                context.IndirectPageMissing = true;
                return;
            }

            int first = p * BlkifConstants.SegmentsPerIndirectPage;
            int n = Math.Min(BlkifConstants.SegmentsPerIndirectPage, count - first);
            MemoryMarshal.Cast<byte, BlkifSegment>(page)[..n].CopyTo(context.Indirect.AsSpan(first, n));

            // The descriptors are copied: the page is not read again (a frontend rewriting it changes nothing).
            _grants.ReleasePage(r.IndirectGrefs[p]);
        }

        context.IndirectCount = count;
    }

    private long? HashPayload(RequestContext context)
    {
        var op = context.Request.EffectiveOperation;
        if (op is not (BlkifOperation.Write or BlkifOperation.WriteBarrier or BlkifOperation.FlushDiskCache) || context.Request.Operation == BlkifOperation.Discard)
        {
            return null;
        }

        var segments = context.Segments;
        if (segments.IsEmpty)
        {
            return null;
        }

        var hasher = _hasher!;
        hasher.Reset();
        foreach (var s in segments)
        {
            var page = _grants.MapPage(s.GrantRef);
            if (page.IsEmpty)
            {
                continue;
            }

            if (s.IsValid)
            {
                hasher.Append(page.Slice(s.FirstSect * BlkifConstants.SectorSize, s.SectorCount * BlkifConstants.SectorSize));
            }

            _grants.ReleasePage(s.GrantRef);
        }

        return (long)hasher.GetCurrentHashAsUInt64();
    }

    private void Stall()
    {
        if (!_profile.StallsOnBadRequest)
        {
            return;
        }

        Counters.CountStall();
        if (_options.StallOnBadRequest)
        {
            // Linux: "A good sign something is wrong: sleep for a while to avoid excessive CPU consumption by a bad guest."
            Push();
            Thread.Sleep(_options.BadRequestStall);
        }
    }

    /// <summary>Completes every pending request on this thread, in the profile's order.</summary>
    private void CompletePending()
    {
        int n = _pendingCount;
        if (_profile.Completion == CompletionOrder.Seeded)
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)(((ulong)NextRandom() * (uint)(i + 1)) >> 32); // Lemire's range reduction: no division
                (_pending[i], _pending[j]) = (_pending[j], _pending[i]);
            }
        }

        for (int i = 0; i < n; i++)
        {
            var context = _contexts[_pending[i]];
            Respond(context, Execute(context));
        }

        _pendingCount = 0;
    }

    private uint NextRandom()
    {
        // xorshift32: seeded, allocation-free, good enough to shuffle completions.
        uint x = _shuffle;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _shuffle = x;
        return x;
    }

    /// <summary>Serves an accepted request against the store; a store failure is an ERROR response, as a failed bio is.</summary>
    private BlkifStatus Execute(RequestContext context)
    {
        var steps = context.Steps;
        try
        {
            if ((steps & PlanSteps.FlushBefore) != 0)
            {
                FlushStore(context);
            }

            if ((steps & PlanSteps.Data) != 0 && !MoveData(context))
            {
                Counters.CountRejection(RejectionKind.BadGrantReference);
                return BlkifStatus.Error;
            }

            if ((steps & PlanSteps.Discard) != 0)
            {
                _store.Discard(context.Request.SectorNumber * BlkifConstants.SectorSize, context.Request.DiscardNrSectors * BlkifConstants.SectorSize);
            }

            if ((steps & PlanSteps.FlushAfter) != 0)
            {
                FlushStore(context);
            }

            return BlkifStatus.Okay;
        }
        catch (IOException)
        {
            Counters.CountRejection(RejectionKind.StoreError);
            return BlkifStatus.Error;
        }
    }

    private void FlushStore(RequestContext context)
    {
        _store.Flush();
        Counters.CountStoreFlush();
        _tap?.OnStoreFlush(_queue, context.Request.Id);
    }

    private bool MoveData(RequestContext context)
    {
        bool read = context.Request.EffectiveOperation == BlkifOperation.Read;
        ulong offset = context.Request.SectorNumber * BlkifConstants.SectorSize;
        foreach (var s in context.Segments)
        {
            var page = _grants.MapPage(s.GrantRef);
            if (page.IsEmpty)
            {
                return false;
            }

            int length = (s.LastSect - s.FirstSect + 1) * BlkifConstants.SectorSize;
            var data = page.Slice(s.FirstSect * BlkifConstants.SectorSize, length);
            try
            {
                if (read)
                {
                    _store.Read(offset, data);
                }
                else
                {
                    _store.Write(offset, data);
                }
            }
            finally
            {
                // Before the response: real Xen without persistent grants unmaps here, and blkfront
                // fails the device if a page is still mapped when it ends the grant. A store error
                // (an ERROR response) releases too.
                _grants.ReleasePage(s.GrantRef);
            }

            offset += (ulong)length;
        }

        return true;
    }

    /// <summary>Writes a response into the next slot and gives the context back (under the response lock when I/O threads answer too).</summary>
    private void Respond(RequestContext context, BlkifStatus status)
    {
        bool taken = EnterIfAsync();
        try
        {
            var response = new BlkifResponse(context.Request.Id, context.ResponseOperation, status);
            uint index = _ring.ProduceResponse(in response);
            _tap?.OnResponse(_queue, index, in response);
            Counters.CountResponse(status);
            _free[_freeCount++] = context.Index;
        }
        finally
        {
            ExitIfTaken(taken);
        }
    }

    private void Push()
    {
        bool notify;
        bool taken = EnterIfAsync();
        try
        {
            notify = _ring.PushResponses();
        }
        finally
        {
            ExitIfTaken(taken);
        }

        if (notify)
        {
            _channel?.Notify();
        }
    }

    private bool EnterIfAsync()
    {
        if (!_async)
        {
            return false;
        }

        _lock.Enter();
        return true;
    }

    private void ExitIfTaken(bool taken)
    {
        if (taken)
        {
            _lock.Exit();
        }
    }
}
