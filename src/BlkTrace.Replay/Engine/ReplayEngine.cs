using System.Diagnostics;
using BlkTrace.Frontend;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Wire;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Engine;

/// <summary>
/// Drives one frontend queue through a lifted workload under a strategy.
/// <para>
/// Data flow. One dedicated thread runs the loop: reap responses (check read data, account each
/// ring request to its intent and step, ask the strategy what a finished step means), send the next
/// steps of intents whose gate opened, then start new intents when the timing mode says so, kick,
/// and wait — sleeping on the event channel when the next issue time is far, spinning when it is
/// near. Intents start in source order and their first steps go on the ring in that order, so a
/// write is never put on the ring after a flush intent it precedes; a step waiting for its gate
/// holds back the intents behind it. Continuation steps (a post-flush) do not.
/// </para>
/// <para>
/// Lifetimes. Intents in flight live in a pool of <see cref="ActiveIntent"/>s and ring requests in a
/// pool of <see cref="RingRequestInfo"/>s sized to the ring; per-intent outcomes go to
/// <see cref="IntentResults"/>, whose arrays are allocated once, so the loop allocates nothing per
/// plain read or write. Read data is checked right after <see cref="FrontendQueueDriver.Poll"/>
/// returns, before anything new is submitted, while the freed pages still hold it.
/// </para>
/// </summary>
internal sealed partial class ReplayEngine : IStrategyHost
{
    private const int CompletionBatch = 64;
    private readonly FrontendQueueDriver _queue;
    private readonly IReplayStrategy _strategy;
    private readonly SourceWorkload _source;
    private readonly ReplayOptions _options;
    private int _count;
    private readonly int _plannedCount;
    private long _budgetEnd = long.MaxValue;
    private readonly long _clockOrigin;
    private readonly double _ticksPerNs = Stopwatch.Frequency / 1e9;
    private readonly int _maxPagesPerRequest;
    private readonly bool _indirect;
    private readonly ActiveIntent[] _active;
    private readonly int[] _freeActive;
    private readonly RingRequestInfo[] _requests;
    private readonly int[] _freeRequests;
    private readonly int[] _ready;
    private readonly FrontendCompletion[] _completions = new FrontendCompletion[CompletionBatch];
    private readonly int[] _pageScratch;
    private readonly BlkifSegment[] _segments;
    private readonly DataVerifier? _verifier;
    private readonly bool[] _sourceDone;
    private readonly long[] _prefixTicks;
    private readonly List<IntentRecord> _connectRecords = [];
    private int _freeActiveCount;
    private int _finishedCount;
    private int _freeRequestCount;
    private int _readyCount;
    private int _activeCount;
    private int _holdCount;
    private int _outstandingWrites;
    private int _outstandingFlushes;
    private int _next;
    private int _pendingHead = -1;
    private int _prefix;
    private long _generation;
    private long _startTicks;
    private long _nextDeadline;
    private long _lastProgressTicks;
    private bool _needKick;
    private bool _abandoned;
    private string? _abandonReason;
    private Action<int, int>? _progress;

    public ReplayEngine(FrontendDriver driver, IReplayStrategy strategy, SourceWorkload source, ReplayOptions options, long clockOrigin, bool verify)
    {
        ArgumentNullException.ThrowIfNull(driver);
        _queue = driver.Queues[0];
        Features = driver.Features;
        Disk = driver.Disk;
        _strategy = strategy;
        _source = source;
        _options = options;
        _clockOrigin = clockOrigin;
        _count = options.Limit > 0 ? Math.Min(options.Limit, source.Intents.Count) : source.Intents.Count;
        _plannedCount = _count;
        Results = new IntentResults(_count);
        int indirect = (int)Math.Min(Features.MaxIndirectSegments, (uint)BlkifConstants.MaxIndirectSegments);
        _indirect = indirect > BlkifConstants.MaxSegmentsPerRequest;
        _maxPagesPerRequest = _indirect ? Math.Min(indirect, 256) : BlkifConstants.MaxSegmentsPerRequest;
        _verifier = verify ? new DataVerifier(options.Seed) : null;
        int ring = _queue.Capacity;
        _requests = new RingRequestInfo[ring];
        _freeRequests = new int[ring];
        for (int i = 0; i < ring; i++)
        {
            _requests[i] = new RingRequestInfo(_maxPagesPerRequest, verify);
            _freeRequests[i] = ring - 1 - i;
        }

        _freeRequestCount = ring;
        int slots = ring + 8;
        _active = new ActiveIntent[slots];
        _freeActive = new int[slots];
        _ready = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            _active[i] = new ActiveIntent(i);
            _freeActive[i] = slots - 1 - i;
        }

        _freeActiveCount = slots;
        _pageScratch = new int[_maxPagesPerRequest];
        _segments = new BlkifSegment[_maxPagesPerRequest];
        _sourceDone = new bool[source.Intents.Count];
        _prefixTicks = new long[source.CompletionOrder.Count + 1];
    }

    /// <inheritdoc />
    public BackendFeatures Features { get; }

    /// <inheritdoc />
    public DiskGeometry Disk { get; }

    /// <inheritdoc />
    public ulong Seed => _options.Seed;

    /// <summary>Per-intent outcomes.</summary>
    public IntentResults Results { get; }

    /// <summary>Read checks, or null when off.</summary>
    public DataVerifier? Verifier => _verifier;

    /// <summary>Intents the strategy sent at connect (probes, cached-block reads), already as log rows.</summary>
    public IReadOnlyList<IntentRecord> ConnectRecords => _connectRecords;

    /// <summary>Workload intents in this run (after a time-budget cut, the intents before the cut).</summary>
    public int Count => _count;

    /// <summary>Intents the run would have replayed without a time budget.</summary>
    public int PlannedCount => _plannedCount;

    /// <summary>True when the time budget cut the source short (<see cref="Count"/> is where).</summary>
    public bool Truncated => _count < _plannedCount;

    /// <summary>Ring requests and bytes by op and status.</summary>
    public RingCounters Ring { get; } = new();

    /// <summary>Stopwatch ticks when the workload started (after connect).</summary>
    public long StartTicks => _startTicks;

    /// <summary>Stopwatch ticks when the last intent finished.</summary>
    public long EndTicks { get; private set; }

    /// <summary>Why the replay stopped early, or null.</summary>
    public string? AbandonReason => _abandonReason;

    /// <summary>Ticks → ns on the replay trace's clock.</summary>
    public long ToTraceNs(long ticks) => (long)((ticks - _clockOrigin) / _ticksPerNs);

    /// <summary>Lets the strategy look at the backend and send its connect-time requests.</summary>
    public void Connect() => _strategy.Connect(this);

    /// <summary>Runs the workload to the end (or until cancelled, or the backend stops answering).</summary>
    /// <param name="progress">Called now and then on the replay thread with (intents finished, intents in the run).</param>
    /// <param name="cancellationToken">Stops issuing; what is in flight is waited for up to the stall timeout.</param>
    public void Run(Action<int, int>? progress, CancellationToken cancellationToken)
    {
        _progress = progress;
        bool tuned = _options.TuneIssuer && _options.Timing != TimingMode.Afap;
        if (tuned)
        {
            _tuning = IssuerTuning.Apply(_options.RealtimeIssuer) + ", GC SustainedLowLatency";
            GcLatency.Enter();
        }

        _startTicks = Stopwatch.GetTimestamp();
        if (_options.TimeBudget is { } budget)
        {
            _budgetEnd = _startTicks + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        }

        _lastProgressTicks = _startTicks;
        _prefixTicks[0] = _startTicks;
        try
        {
            Loop(cancellationToken, tuned);
        }
        finally
        {
            if (tuned)
            {
                GcLatency.Leave();
            }
        }
    }

    private void Loop(CancellationToken cancellationToken, bool tuned)
    {
        long stallTicks = (long)(_options.StallTimeout.TotalSeconds * Stopwatch.Frequency);
        long progressEvery = Stopwatch.Frequency / 4;
        long nextProgress = _startTicks + progressEvery;
        var switchesBefore = ThreadStats.Switches();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        while (true)
        {
            long passStart = Stopwatch.GetTimestamp();
            bool stopping = cancellationToken.IsCancellationRequested;
            if (stopping && _abandonReason is null)
            {
                _abandonReason = "cancelled";
            }

            bool progressed = Reap() > 0;
            progressed |= PumpReady();
            if (!stopping)
            {
                progressed |= IssueNew();
            }

            if (_needKick)
            {
                _queue.Kick();
                _needKick = false;
            }

            long now = Stopwatch.GetTimestamp();
            if (progressed)
            {
                _lastProgressTicks = now;
                _lastIdle = IdleKind.Work;
                _longestWorkTicks = Math.Max(_longestWorkTicks, now - passStart);
            }

            if (_activeCount == 0 && _pendingHead < 0 && (_next >= _count || stopping))
            {
                break;
            }

            if (_activeCount > 0 && now - _lastProgressTicks > stallTicks)
            {
                _abandoned = true;
                _abandonReason ??= $"the backend stopped answering: {_queue.Outstanding} requests unanswered for {_options.StallTimeout.TotalSeconds:0} s";
                break;
            }

            if (now >= nextProgress && _progress is not null)
            {
                _progress(_finishedCount, _count);
                nextProgress = now + progressEvery;
            }

            if (!progressed)
            {
                if (tuned)
                {
                    IdleTuned(now);
                }
                else
                {
                    Idle(now);
                }
            }
        }

        EndTicks = Stopwatch.GetTimestamp();
        _allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var switchesAfter = ThreadStats.Switches();
        if (switchesBefore.Voluntary >= 0 && switchesAfter.Voluntary >= 0)
        {
            _switches = (switchesAfter.Voluntary - switchesBefore.Voluntary, switchesAfter.Involuntary - switchesBefore.Involuntary);
        }

        RecordUnfinished();
        _progress?.Invoke(_finishedCount, _count);
    }

    /// <summary>True when the run was abandoned with requests still on the ring.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>
    /// As <see cref="Idle"/>, tuned for issue precision: sleep on the event channel only for whole
    /// milliseconds that end at least 1 ms before the next issue time (a response still wakes it), then
    /// with <c>clock_nanosleep</c> (1 ns slack) until 60 µs before it, then spin on the clock and the
    /// ring without yielding, so the core is not handed to a thread whose time slice would outlast the deadline.
    /// </summary>
    private void IdleTuned(long now)
    {
        long deadline = _nextDeadline;
        if (deadline > now)
        {
            long ms = ((deadline - now) * 1000 / Stopwatch.Frequency) - 1;
            if (ms >= 1)
            {
                _lastIdle = IdleKind.Sleep;
                _queue.WaitForResponses((int)Math.Min(ms, 100), spinIterations: 0);
                CountSleep(deadline);
            }
            else if (IssuerTuning.CanSleepPrecisely && deadline - now > IssuerTuning.SpinWindowNs + (IssuerTuning.SpinWindowNs / 2))
            {
                _lastIdle = IdleKind.Sleep;
                IssuerTuning.SleepUntil(deadline - IssuerTuning.SpinWindowNs);
                CountSleep(deadline);
            }
            else
            {
                _lastIdle = IdleKind.Spin;
                Thread.SpinWait(8);
            }

            return;
        }

        Idle(now);
    }

    /// <summary>
    /// Nothing to do right now: wait for the next issue time or a response. Far from the next issue
    /// time the thread sleeps on the event channel (a response wakes it); near it, it spins on the
    /// clock and the ring, yielding now and then so the backend's thread keeps its core.
    /// </summary>
    private void Idle(long now)
    {
        long deadline = _nextDeadline;
        if (deadline > now)
        {
            long remaining = deadline - now;
            long ms = remaining * 1000 / Stopwatch.Frequency;
            if (ms >= 2)
            {
                _lastIdle = IdleKind.Sleep;
                _queue.WaitForResponses((int)Math.Min(ms - 1, 100), spinIterations: 0);
                CountSleep(deadline);
            }
            else if (remaining > Stopwatch.Frequency / 5000)
            {
                _lastIdle = IdleKind.Yield;
                Thread.Yield();
            }
            else
            {
                _lastIdle = IdleKind.Spin;
                Thread.SpinWait(20);
            }

            return;
        }

        if (_queue.Outstanding > 0)
        {
            _queue.WaitForResponses(5, spinIterations: 4000);
        }
        else
        {
            Thread.SpinWait(20);
        }
    }
}
