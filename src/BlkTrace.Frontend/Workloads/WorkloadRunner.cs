using System.Diagnostics;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Frontend.Workloads;

/// <summary>
/// Drives one queue with a workload: keeps <see cref="WorkloadOptions.QueueDepth"/> requests in
/// flight, stamps every written sector (<see cref="DataStamp"/>) and remembers the last generation
/// written to each, checks the data of every read, and turns flush intents into FLUSH_DISKCACHE or a
/// 0-segment WRITE_BARRIER (or nothing) from the backend's features. A flush is issued only once
/// every earlier write has completed, since FLUSH_DISKCACHE covers completed writes only; a
/// journal's commit flush also holds back the next commit until it completes. A request never
/// overlaps one in flight, so every sector's final content is known.
/// </summary>
public sealed class WorkloadRunner
{
    private const uint Unknown = uint.MaxValue;
    private const int MaxPages = 256;
    private readonly FrontendQueueDriver _queue;
    private readonly WorkloadOptions _options;
    private readonly ulong _regionSectors;
    private readonly ulong _base;
    private readonly uint[] _written;
    private readonly InFlight[] _inFlight;
    private readonly int[] _freeTags;
    private readonly FrontendCompletion[] _completions;
    private readonly bool _indirect;
    private readonly LatencyHistogram _latency = new();
    private int _freeTagCount;
    private uint _generation;
    private string? _firstMismatch;
    private bool _flushOutstanding;
    private long _reads, _writes, _flushes, _skipped, _errors, _notSupported, _bytesRead, _bytesWritten, _mismatches;

    /// <summary>A runner for <paramref name="queue"/> of a connected frontend.</summary>
    public WorkloadRunner(FrontendQueueDriver queue, BackendFeatures features, DiskGeometry disk, WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _indirect = features.MaxIndirectSegments >= 32;
        _options = options.WithDefaults(_indirect) with { QueueDepth = Math.Clamp(options.QueueDepth, 1, queue.Capacity) };
        FlushMode = _options.Flush switch
        {
            FlushMode.Auto => features.FlushCache ? FlushMode.FlushDiskCache : features.Barrier ? FlushMode.Barrier : FlushMode.None,
            var m => m,
        };
        if (_options.RegionStart % BlkifConstants.PageSize != 0 || _options.RegionStart >= disk.Bytes)
        {
            throw new ArgumentException($"region start {_options.RegionStart} is not a 4 KiB-aligned offset inside the {disk.Bytes}-byte disk");
        }

        ulong rest = disk.Bytes - _options.RegionStart;
        ulong region = _options.RegionBytes > 0 ? Math.Min(_options.RegionBytes, rest) : Math.Min(rest, 256UL << 20);
        _base = _options.RegionStart / 512;
        _regionSectors = region / 512;
        if (_options.BlockSize % disk.SectorSize != 0)
        {
            throw new ArgumentException($"block size {_options.BlockSize} is not a multiple of the disk's sector-size {disk.SectorSize}");
        }

        if (_options.BlockSize > Math.Min(MaxPages, _indirect ? (int)features.MaxIndirectSegments : BlkifConstants.MaxSegmentsPerRequest) * BlkifConstants.PageSize)
        {
            throw new ArgumentException($"block size {_options.BlockSize} does not fit in one request to this backend");
        }

        Generator = new WorkloadGenerator(_options, _regionSectors);
        _written = new uint[_regionSectors];
        _inFlight = new InFlight[_options.QueueDepth];
        _freeTags = new int[_options.QueueDepth];
        for (int i = 0; i < _inFlight.Length; i++)
        {
            _inFlight[i] = new InFlight();
            _freeTags[i] = i;
        }

        _freeTagCount = _inFlight.Length;
        _completions = new FrontendCompletion[queue.Capacity];
    }

    /// <summary>How flushes go on the ring.</summary>
    public FlushMode FlushMode { get; }

    /// <summary>The options in force (defaults applied).</summary>
    public WorkloadOptions Options => _options;

    /// <summary>The operation stream.</summary>
    public WorkloadGenerator Generator { get; }

    /// <summary>Runs until the duration or request count is reached or <paramref name="cancellationToken"/> fires, then waits for what is in flight.</summary>
    public WorkloadResult Run(CancellationToken cancellationToken) => Run(cancellationToken, CancellationToken.None);

    /// <summary>
    /// As <see cref="Run(CancellationToken)"/>, but <paramref name="abandon"/> stops waiting for requests
    /// still in flight (the backend went away and will never answer them).
    /// </summary>
    public WorkloadResult Run(CancellationToken cancellationToken, CancellationToken abandon)
    {
        long start = Stopwatch.GetTimestamp();
        long deadline = _options.Duration is { } d ? start + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        long issued = 0;
        WorkloadOp? next = null;
        while (true)
        {
            bool stopping = cancellationToken.IsCancellationRequested || abandon.IsCancellationRequested || issued >= _options.MaxRequests || Stopwatch.GetTimestamp() >= deadline;
            int submitted = 0;
            while (!stopping && !_flushOutstanding && _freeTagCount > 0 && issued < _options.MaxRequests)
            {
                next ??= Generator.Next();
                if (!TryIssue(next.Value))
                {
                    break;
                }

                if (next.Value.Kind != WorkloadOpKind.Flush || FlushMode != FlushMode.None)
                {
                    issued++;
                }

                next = null;
                submitted++;
            }

            if (submitted > 0)
            {
                _queue.Kick();
            }

            if (stopping && (_queue.Outstanding == 0 || abandon.IsCancellationRequested))
            {
                break;
            }

            if (Reap() == 0 && submitted == 0)
            {
                _queue.WaitForResponses(50);
            }
        }

        return new WorkloadResult
        {
            Options = _options,
            FlushMode = FlushMode,
            Requests = _reads + _writes + _flushes,
            Reads = _reads,
            Writes = _writes,
            Flushes = _flushes,
            FlushesSkipped = _skipped,
            Errors = _errors,
            NotSupported = _notSupported,
            BytesRead = _bytesRead,
            BytesWritten = _bytesWritten,
            DistinctSectorsWritten = CountWritten(),
            ReadMismatches = _mismatches,
            UnexpectedResponses = _queue.UnexpectedResponses,
            Elapsed = Stopwatch.GetElapsedTime(start),
            Latency = _latency,
        };
    }

    /// <summary>Reads back every sector this run wrote and checks it holds the last generation written.</summary>
    public VerifyResult Verify(CancellationToken cancellationToken)
    {
        const int chunk = 64;
        long checkedSectors = 0;
        long mismatchesBefore = _mismatches;
        _firstMismatch = null;
        for (ulong s = 0; s < _regionSectors && !cancellationToken.IsCancellationRequested;)
        {
            int n = (int)Math.Min(chunk, _regionSectors - s);
            if (!_written.AsSpan((int)s, n).ContainsAnyExcept(0u))
            {
                s += (ulong)n;
                continue;
            }

            while (_freeTagCount == 0 || _queue.FreePages < 16)
            {
                if (Reap() == 0)
                {
                    _queue.WaitForResponses(50);
                }
            }

            if (!TryIssue(new WorkloadOp(WorkloadOpKind.Read, s, n)))
            {
                Reap();
                continue;
            }

            _queue.Kick();
            checkedSectors += _written.AsSpan((int)s, n).Length - _written.AsSpan((int)s, n).Count(0u) - _written.AsSpan((int)s, n).Count(Unknown);
            s += (ulong)n;
        }

        while (_queue.Outstanding > 0)
        {
            if (Reap() == 0)
            {
                _queue.WaitForResponses(50);
            }
        }

        return new VerifyResult(checkedSectors, _mismatches - mismatchesBefore, _firstMismatch);
    }

    private bool TryIssue(WorkloadOp op)
    {
        if (op.Kind == WorkloadOpKind.Flush)
        {
            if (FlushMode == FlushMode.None)
            {
                _skipped++;
                return true;
            }

            if (_queue.Outstanding > 0)
            {
                // FLUSH_DISKCACHE covers completed writes only: wait for every earlier one first.
                return false;
            }

            int tag = TakeTag(op, 0);
            var operation = FlushMode == FlushMode.Barrier ? BlkifOperation.WriteBarrier : BlkifOperation.FlushDiskCache;
            _queue.TrySubmit(BlkifRequest.Direct(operation, 0, 0, []), (ulong)tag);
            _flushOutstanding = op.WaitForFlush;
            return true;
        }

        ulong end = op.Sector + (ulong)op.Sectors;
        foreach (var f in _inFlight)
        {
            if (f.Used && f.Kind != WorkloadOpKind.Flush && op.Sector < f.Sector + (ulong)f.Sectors && f.Sector < end)
            {
                return false;
            }
        }

        int pages = (op.Sectors + 7) / 8;
        if (_queue.FreePages < pages + BlkifConstants.MaxIndirectPagesPerRequest)
        {
            return false;
        }

        int t = TakeTag(op, pages);
        var slot = _inFlight[t];
        _queue.TryAllocatePages(slot.Pages.AsSpan(0, pages));
        Span<BlkifSegment> segments = stackalloc BlkifSegment[pages];
        int left = op.Sectors;
        for (int p = 0; p < pages; p++)
        {
            int sectors = Math.Min(8, left);
            segments[p] = new BlkifSegment(_queue.GrantRef(slot.Pages[p]), 0, (byte)(sectors - 1));
            if (op.Kind == WorkloadOpKind.Write)
            {
                DataStamp.Fill(_queue.Page(slot.Pages[p])[..(sectors * 512)], _base + op.Sector + (ulong)(p * 8), slot.Generation, (ulong)_options.Seed);
            }

            left -= sectors;
        }

        var operation2 = op.Kind == WorkloadOpKind.Read ? BlkifOperation.Read : BlkifOperation.Write;
        bool ok = pages <= BlkifConstants.MaxSegmentsPerRequest
            ? _queue.TrySubmit(BlkifRequest.Direct(operation2, 0, _base + op.Sector, segments), (ulong)t)
            : _queue.TrySubmitIndirect(operation2, _base + op.Sector, segments, (ulong)t);
        if (!ok)
        {
            for (int p = 0; p < pages; p++)
            {
                _queue.FreePage(slot.Pages[p]);
            }

            slot.Used = false;
            _freeTags[_freeTagCount++] = t;
            return false;
        }

        return true;
    }

    private int TakeTag(WorkloadOp op, int pages)
    {
        int t = _freeTags[--_freeTagCount];
        var slot = _inFlight[t];
        slot.Used = true;
        slot.Kind = op.Kind;
        slot.Sector = op.Sector;
        slot.Sectors = op.Sectors;
        slot.PageCount = pages;
        slot.Generation = op.Kind == WorkloadOpKind.Write ? ++_generation : 0;
        return t;
    }

    private int Reap()
    {
        int n = _queue.Poll(_completions);
        for (int i = 0; i < n; i++)
        {
            ref readonly var c = ref _completions[i];
            var slot = _inFlight[(int)c.Tag];
            _latency.Record(c.SubmittedTimestamp, c.CompletedTimestamp);
            Complete(slot, c.Status);
            for (int p = 0; p < slot.PageCount; p++)
            {
                _queue.FreePage(slot.Pages[p]);
            }

            slot.Used = false;
            _freeTags[_freeTagCount++] = (int)c.Tag;
        }

        return n;
    }

    private void Complete(InFlight slot, BlkifStatus status)
    {
        if (status == BlkifStatus.Error)
        {
            _errors++;
        }
        else if (status == BlkifStatus.EOpNotSupp)
        {
            _notSupported++;
        }

        switch (slot.Kind)
        {
            case WorkloadOpKind.Flush:
                _flushes++;
                _flushOutstanding = false;
                break;
            case WorkloadOpKind.Write:
                _writes++;
                _bytesWritten += slot.Sectors * 512L;
                _written.AsSpan((int)slot.Sector, slot.Sectors).Fill(status == BlkifStatus.Okay ? slot.Generation : Unknown);
                break;
            default:
                _reads++;
                _bytesRead += slot.Sectors * 512L;
                if (status == BlkifStatus.Okay)
                {
                    CheckRead(slot);
                }

                break;
        }
    }

    private void CheckRead(InFlight slot)
    {
        for (int s = 0; s < slot.Sectors; s++)
        {
            ulong sector = slot.Sector + (ulong)s;
            uint expected = _written[(int)sector];
            if (expected is 0 or Unknown)
            {
                continue;
            }

            var data = _queue.Page(slot.Pages[s / 8]).Slice((s % 8) * 512, 512);
            var check = DataStamp.Check(data, _base + sector, (ulong)_options.Seed, out ulong generation);
            if (check != StampCheck.Ok || generation != expected)
            {
                _mismatches++;
                _firstMismatch ??= $"sector {_base + sector}: {check}, generation {generation}, expected {expected}";
            }
        }
    }

    private long CountWritten() => _written.Length - _written.AsSpan().Count(0u);

    private sealed class InFlight
    {
        public readonly int[] Pages = new int[MaxPages];
        public bool Used;
        public WorkloadOpKind Kind;
        public ulong Sector;
        public int Sectors;
        public int PageCount;
        public uint Generation;
    }
}
