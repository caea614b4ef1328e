using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Replay.Source;

/// <summary>
/// Lifts a captured ring trace back into what the guest wanted (design.md §5): reads, writes and
/// discards as they are; a flush intent for FLUSH_DISKCACHE, a 0-segment WRITE_BARRIER, or a
/// WRITE_BARRIER whose data repeats earlier data (a cache-replay flush in disguise); a
/// durable-ordered write for a WRITE_BARRIER with new data; and for FLUSH_DISKCACHE with data a flush
/// intent followed by a write intent (Linux's REQ_PREFLUSH write).
/// </summary>
/// <remarks>
/// Repeated data is recognised by <c>data_hash</c>: a barrier whose (sector, nr_sectors, hash)
/// equals that of an earlier write or barrier. Without hashes the heuristic is: a barrier of at most
/// one page (8 sectors) rewriting exactly the range an earlier data barrier wrote. The first such
/// barrier is therefore taken for a durable-ordered write. Requests that cannot be replayed are
/// skipped and counted by reason: unknown ops, 0-sector reads and writes (guest garbage: backends
/// answer ERROR or do nothing), and ranges beyond the disk. Multi-queue captures are merged into one
/// stream in seq order; requests are paired with responses by (queue, id). Memory is one entry per
/// intent plus the set of written (range, hash) pairs.
/// </remarks>
public static class IntentLifter
{
    private const ulong OneMiBSectors = 2048;

    /// <summary>
    /// Lifts the trace at <paramref name="path"/> (a file or a directory of segments). Anything that is
    /// not a BlkTrace trace is an <see cref="InvalidDataException"/> whose one-line message names the file.
    /// </summary>
    public static SourceWorkload Lift(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const TraceColumns columns = TraceColumns.Seq | TraceColumns.TsNs | TraceColumns.Kind | TraceColumns.Queue | TraceColumns.Id |
            TraceColumns.Op | TraceColumns.IndirectOp | TraceColumns.Sector | TraceColumns.NrSectors | TraceColumns.Status | TraceColumns.DataHash;
        using var reader = TraceReader.Open(path, columns);
        var state = new State(reader.Metadata);
        while (reader.MoveNext())
        {
            var b = reader.Current;
            for (int i = 0; i < b.Count; i++)
            {
                state.Row(
                    b.Seq[i],
                    b.TsNs[i],
                    b.Kind[i],
                    b.Queue[i],
                    b.Id[i],
                    b.HasIndirectOp[i] && b.Op[i] == BlkifOperation.Indirect ? b.IndirectOp[i] : b.Op[i],
                    b.Sector[i],
                    b.NrSectors[i],
                    b.HasStatus[i] ? b.Status[i] : null,
                    b.HasDataHash[i] ? b.DataHash[i] : null);
            }
        }

        return state.Finish(Path.GetFullPath(path));
    }

    /// <summary>Lifts rows already in memory (tests, converters).</summary>
    public static SourceWorkload Lift(IEnumerable<RingEvent> rows, TraceMetadata metadata, string name = "memory")
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(metadata);
        var state = new State(metadata);
        foreach (var e in rows)
        {
            var op = e.Operation == BlkifOperation.Indirect && e.IndirectOperation is { } inner ? inner : e.Operation;
            state.Row(e.Seq, e.TsNs, e.Kind, e.Queue, e.Id, op, e.Sector, e.NrSectors, e.Status, e.DataHash);
        }

        return state.Finish(name);
    }

    private sealed class State(TraceMetadata metadata)
    {
        private readonly List<SourceIntent> _intents = [];
        private readonly List<int> _completionOrder = [];
        private readonly Dictionary<(short Queue, ulong Id), (int First, int Count)> _pending = [];
        private readonly HashSet<(ulong Sector, int Sectors, long Hash)> _written = [];
        private readonly HashSet<(ulong Sector, int Sectors)> _barrierRanges = [];
        private readonly LiftCounts _counts = new();
        private readonly ulong _limit = metadata.Sectors ?? ulong.MaxValue;
        private ulong _maxEnd;
        private int _maxSectors;
        private long _lastTs;
        private long _firstTs = -1;

        public void Row(long seq, long ts, RingEventKind kind, short queue, ulong id, BlkifOperation op, ulong sector, int nrSectors, BlkifStatus? status, long? hash)
        {
            _lastTs = Math.Max(_lastTs, ts);
            if (kind == RingEventKind.Response)
            {
                Respond(queue, id, ts, status);
                return;
            }

            if (kind != RingEventKind.Request)
            {
                return;
            }

            _counts.Requests++;
            int inFlight = _pending.Count;
            switch (op)
            {
                case BlkifOperation.Read:
                    AddData(seq, ts, queue, id, IntentKind.Read, SourceOrigin.Read, sector, nrSectors, inFlight);
                    break;
                case BlkifOperation.Write:
                    if (AddData(seq, ts, queue, id, IntentKind.Write, SourceOrigin.Write, sector, nrSectors, inFlight) && hash is { } h)
                    {
                        _written.Add((sector, nrSectors, h));
                    }

                    break;
                case BlkifOperation.Discard:
                    AddData(seq, ts, queue, id, IntentKind.Discard, SourceOrigin.Discard, sector, nrSectors, inFlight);
                    break;
                case BlkifOperation.FlushDiskCache when nrSectors == 0:
                    Add(seq, ts, queue, id, [new(IntentKind.Flush, 0, 0)], SourceOrigin.FlushDiskCache, inFlight);
                    break;
                case BlkifOperation.FlushDiskCache:
                    if (InDisk(seq, sector, nrSectors))
                    {
                        Add(seq, ts, queue, id, [new(IntentKind.Flush, 0, 0), new(IntentKind.Write, sector, nrSectors)], SourceOrigin.FlushWithData, inFlight);
                        if (hash is { } fh)
                        {
                            _written.Add((sector, nrSectors, fh));
                        }
                    }

                    break;
                case BlkifOperation.WriteBarrier when nrSectors == 0:
                    Add(seq, ts, queue, id, [new(IntentKind.Flush, 0, 0)], SourceOrigin.EmptyBarrier, inFlight);
                    break;
                case BlkifOperation.WriteBarrier:
                    Barrier(seq, ts, queue, id, sector, nrSectors, hash, inFlight);
                    break;
                default:
                    _counts.Skip(seq, "unknown op " + ((byte)op).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        public SourceWorkload Finish(string path)
        {
            _counts.Unanswered = _pending.Values.Sum(p => (long)p.Count);
            ulong disk = metadata.Sectors ?? Math.Max(OneMiBSectors, (_maxEnd + OneMiBSectors - 1) / OneMiBSectors * OneMiBSectors);
            int order = metadata.RingPageOrder ?? 0;
            var workload = new SourceWorkload(path, metadata, [.. _intents], [.. _completionOrder], disk, order, _maxSectors, _counts)
            {
                DurationNs = _firstTs < 0 ? 0 : _lastTs - _firstTs,
            };
            return workload;
        }

        private void Barrier(long seq, long ts, short queue, ulong id, ulong sector, int nrSectors, long? hash, int inFlight)
        {
            if (!InDisk(seq, sector, nrSectors))
            {
                return;
            }

            SourceOrigin origin;
            if (hash is { } h)
            {
                origin = _written.Contains((sector, nrSectors, h)) ? SourceOrigin.RepeatedDataBarrier : SourceOrigin.DataBarrier;
                _written.Add((sector, nrSectors, h));
            }
            else
            {
                origin = nrSectors <= BlkifConstants.SectorsPerPage && _barrierRanges.Contains((sector, nrSectors)) ? SourceOrigin.RewrittenBlockBarrier : SourceOrigin.DataBarrier;
                if (nrSectors <= BlkifConstants.SectorsPerPage)
                {
                    _barrierRanges.Add((sector, nrSectors));
                }
            }

            // A cache-replay barrier stands for a flush: the block it rewrites is the strategy's business.
            Lifted lifted = origin == SourceOrigin.DataBarrier ? new(IntentKind.DurableWrite, sector, nrSectors) : new(IntentKind.Flush, 0, 0);
            Add(seq, ts, queue, id, [lifted], origin, inFlight);
        }

        private bool AddData(long seq, long ts, short queue, ulong id, IntentKind kind, SourceOrigin origin, ulong sector, int nrSectors, int inFlight)
        {
            if (nrSectors <= 0)
            {
                _counts.Skip(seq, kind == IntentKind.Discard ? "empty discard" : "0-sector read or write");
                return false;
            }

            if (!InDisk(seq, sector, nrSectors))
            {
                return false;
            }

            Add(seq, ts, queue, id, [new(kind, sector, nrSectors)], origin, inFlight);
            return true;
        }

        private bool InDisk(long seq, ulong sector, int nrSectors)
        {
            ulong end = sector + (ulong)nrSectors;
            if (end < sector || end > _limit)
            {
                _counts.Skip(seq, "beyond the disk");
                return false;
            }

            return true;
        }

        private void Add(long seq, long ts, short queue, ulong id, ReadOnlySpan<Lifted> lifted, SourceOrigin origin, int inFlight)
        {
            if (_firstTs < 0)
            {
                _firstTs = ts;
            }

            if (!_pending.TryAdd((queue, id), (_intents.Count, lifted.Length)))
            {
                // An id reused while in flight (a protocol fault of the source frontend): the older
                // request will never be matched; pair responses with the newest.
                _pending[(queue, id)] = (_intents.Count, lifted.Length);
            }

            foreach (var l in lifted)
            {
                _intents.Add(new SourceIntent(l.Kind, l.Sector, l.Sectors, ts, -1, null, seq, origin, _completionOrder.Count, inFlight));
                if (l.Kind != IntentKind.Flush)
                {
                    _maxEnd = Math.Max(_maxEnd, l.Sector + (ulong)l.Sectors);
                    if (l.Kind != IntentKind.Discard)
                    {
                        _maxSectors = Math.Max(_maxSectors, l.Sectors);
                    }
                }
            }

            _counts.Lift(origin);
        }

        private void Respond(short queue, ulong id, long ts, BlkifStatus? status)
        {
            if (!_pending.Remove((queue, id), out var p))
            {
                _counts.UnmatchedResponses++;
                return;
            }

            for (int i = p.First; i < p.First + p.Count; i++)
            {
                _intents[i] = _intents[i] with { DoneNs = ts, Status = status };
                _completionOrder.Add(i);
            }
        }
    }

    private readonly record struct Lifted(IntentKind Kind, ulong Sector, int Sectors);
}
