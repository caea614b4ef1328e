using System.Globalization;
using BlkTrace.Analysis.Scan;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;

namespace BlkTrace.Analysis;

/// <summary>
/// The streaming analyzer: one pass over a trace's rows in <c>seq</c> order, memory that follows the
/// requests in flight (and the number of time bins), never the trace's length.
/// </summary>
/// <remarks>
/// Data flow: a request row enters the in-flight table under (queue, id); its response takes it out
/// (oldest first if the id was reused) and is accounted there: counts and bytes by class and
/// status, latency (response <c>ts_ns</c> − request <c>ts_ns</c>) into a histogram per class, the
/// completion into its time bin, and the ring-level checks of design.md §6. Queue depth is each
/// ring's in-flight count, integrated over time. A store-flush row bumps a counter that flushes
/// compare at response time (flush-not-honoured). What is still in flight at the end is "unanswered".
/// Only the columns in <see cref="Columns"/> are read.
/// </remarks>
public sealed partial class TraceAnalyzer
{
    /// <summary>The columns the analyzer reads (decoding dominates the cost of a scan; the rest are skipped).</summary>
    public const TraceColumns Columns =
        TraceColumns.Seq | TraceColumns.TsNs | TraceColumns.Kind | TraceColumns.Queue | TraceColumns.Id | TraceColumns.Op |
        TraceColumns.IndirectOp | TraceColumns.NrSegments | TraceColumns.NrSectors | TraceColumns.Status;

    private const int Outcomes = 5;

    private readonly AnalyzerOptions _options;
    private readonly TraceMetadata _metadata;
    private readonly InFlightTable _table = new();
    private readonly RingState?[] _rings = new RingState?[1 << 16];
    private readonly List<RingState> _ringList = [];
    private readonly long[] _counts = new long[OpClasses.Count * Outcomes];
    private readonly long[] _bytes = new long[OpClasses.Count * Outcomes];
    private readonly LatencyHistogram[] _latency = [.. Enumerable.Range(0, OpClasses.Count).Select(_ => new LatencyHistogram())];
    private readonly TimeSeriesBuilder _series;
    private readonly ViolationLog _violations;
    private readonly int? _ringSize;
    private readonly bool _storeFlushesRecorded;
    private readonly string _storeFlushesNote;
    private long _rows;
    private long _requests;
    private long _responses;
    private long _storeFlushes;
    private long _unknownKinds;
    private long _firstTs = long.MaxValue;
    private long _lastTs = long.MinValue;
    private int _totalInFlight;
    private long _totalLastTs = long.MinValue;
    private bool _completed;

    /// <summary>An analyzer for a trace with <paramref name="metadata"/> (ring size, store, strategy…).</summary>
    public TraceAnalyzer(TraceMetadata metadata, AnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _options = options ?? new AnalyzerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BinNs, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxExamples, nameof(options));
        _metadata = metadata;
        _series = new TimeSeriesBuilder(_options.BinNs, _options.MaxBins);
        _violations = new ViolationLog(_options.MaxExamples);
        _ringSize = _options.RingSize ?? metadata.RingSize;
        (_storeFlushesRecorded, _storeFlushesNote) = StoreFlushRecording.Decide(metadata, _options.StoreFlushesRecorded);
    }

    /// <summary>Rows scanned so far.</summary>
    public long Rows => _rows;

    /// <summary>Scans one batch (it must hold at least <see cref="Columns"/>). Rows must come in trace order.</summary>
    public void Add(RingEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_completed, this);
        if ((batch.Columns & Columns) != Columns)
        {
            throw new ArgumentException($"the analyzer needs columns {Columns}; the batch holds {batch.Columns}", nameof(batch));
        }

        var seq = batch.Seq;
        var ts = batch.TsNs;
        var kind = batch.Kind;
        var queue = batch.Queue;
        var id = batch.Id;
        var op = batch.Op;
        var indirectOp = batch.IndirectOp;
        var hasIndirectOp = batch.HasIndirectOp;
        var nrSegments = batch.NrSegments;
        var nrSectors = batch.NrSectors;
        var status = batch.Status;
        var hasStatus = batch.HasStatus;
        int n = batch.Count;
        for (int i = 0; i < n; i++)
        {
            long t = ts[i];
            if (t < _firstTs)
            {
                _firstTs = t;
            }

            if (t > _lastTs)
            {
                _lastTs = t;
            }

            switch (kind[i])
            {
                case RingEventKind.Request:
                    OnRequest(seq[i], t, queue[i], id[i], OpClasses.Classify(op[i], indirectOp[i], hasIndirectOp[i], nrSegments[i]), nrSectors[i]);
                    break;
                case RingEventKind.Response:
                    OnResponse(seq[i], t, queue[i], id[i], hasStatus[i] ? OutcomeOf(status[i]) : Outcome.OtherStatus);
                    break;
                case RingEventKind.StoreFlush:
                    _storeFlushes++;
                    break;
                default:
                    _unknownKinds++;
                    break;
            }
        }

        _rows += n;
    }

    /// <summary>Scans one row (for small inputs and tests; batches are the fast path).</summary>
    public void Add(in RingEvent row)
    {
        var batch = new RingEventBatch(1);
        batch.Add(row);
        Add(batch);
    }

    /// <summary>The outcome a response status means.</summary>
    public static Outcome OutcomeOf(BlkifStatus status) => status switch
    {
        BlkifStatus.Okay => Outcome.Okay,
        BlkifStatus.Error => Outcome.Error,
        BlkifStatus.EOpNotSupp => Outcome.EOpNotSupp,
        _ => Outcome.OtherStatus,
    };

    private void OnRequest(long seq, long t, short queue, ulong id, OpClass op, int nrSectors)
    {
        _requests++;
        var ring = Ring(queue, t);
        int index = _table.Add(queue, id, out int duplicateOf);
        ref var e = ref _table.Entries[index];
        e.ReqSeq = seq;
        e.ReqTs = t;
        e.Op = op;
        e.NrSectors = nrSectors;
        e.StoreFlushesAtRequest = _storeFlushes;
        if (duplicateOf >= 0 && _violations.Count(RingViolationKind.IdReusedInFlight))
        {
            long older = _table.Entries[duplicateOf].ReqSeq;
            _violations.Example(new RingViolation(RingViolationKind.IdReusedInFlight, queue, t, [id], [older, seq],
                Format($"request seq {seq} reuses id {id} of request seq {older}, still in flight")));
        }

        ring.InFlight++;
        _totalInFlight++;
        int bin = _series.IndexOf(t);
        if (ring.InFlight > ring.Bins.Max[bin])
        {
            ring.Bins.Max[bin] = ring.InFlight;
        }

        if (_totalInFlight > _series.Total.Max[bin])
        {
            _series.Total.Max[bin] = _totalInFlight;
        }

        if (ring.InFlight > ring.MaxInFlight)
        {
            ring.MaxInFlight = ring.InFlight;
        }

        if (ring.InFlight > _ringSize && _violations.Count(RingViolationKind.RingOverflow))
        {
            _violations.Example(new RingViolation(RingViolationKind.RingOverflow, queue, t, [id], [seq],
                Format($"request seq {seq} makes {ring.InFlight} outstanding on ring {queue} (RING_SIZE {_ringSize})")));
        }

        if (OpClasses.IsDataWrite(op))
        {
            ring.Writes.Push(_table, index, e.Serial, seq);
        }

        if (OpClasses.IsBarrier(op))
        {
            ring.Barriers.Push(_table, index, e.Serial, seq);
        }
    }

    private void OnResponse(long seq, long t, short queue, ulong id, Outcome outcome)
    {
        _responses++;
        var ring = Ring(queue, t);
        int index = _table.Take(queue, id);
        if (index < 0)
        {
            if (_violations.Count(RingViolationKind.ResponseWithoutRequest))
            {
                _violations.Example(new RingViolation(RingViolationKind.ResponseWithoutRequest, queue, t, [id], [seq],
                    Format($"response seq {seq} for id {id} on ring {queue}, which has no such request outstanding")));
            }

            return;
        }

        ref readonly var e = ref _table.Entries[index];
        var op = e.Op;
        int cell = ((int)op * Outcomes) + (int)outcome;
        long bytes = e.NrSectors * 512L;
        _counts[cell]++;
        _bytes[cell] += bytes;
        _latency[(int)op].Record(t - e.ReqTs);

        ring.InFlight--;
        _totalInFlight--;
        int bin = _series.IndexOf(t);
        _series.Completed[bin]++;
        if (op == OpClass.Read)
        {
            _series.Reads[bin]++;
            _series.ReadBytes[bin] += bytes;
        }
        else if (OpClasses.MovesData(op))
        {
            _series.WriteBytes[bin] += bytes;
        }

        if (OpClasses.IsDataWrite(op))
        {
            _series.Writes[bin]++;
            ring.Writes.Answered();
        }

        if (OpClasses.IsFlush(op))
        {
            _series.Flushes[bin]++;
            CheckFlush(in e, seq, t, outcome);
        }

        if (outcome != Outcome.Okay)
        {
            _series.Errors[bin]++;
        }

        if (OpClasses.IsBarrier(op))
        {
            ring.Barriers.Answered();
            if (ring.Writes.TryOldest(_table, out int w, out long wseq) && wseq < e.ReqSeq && _violations.Count(RingViolationKind.BarrierOvertaken))
            {
                ulong wid = _table.Entries[w].Id;
                _violations.Example(new RingViolation(RingViolationKind.BarrierOvertaken, queue, t, [e.Id, wid], [e.ReqSeq, seq, wseq],
                    Format($"barrier id {e.Id} (seq {e.ReqSeq}) completed at seq {seq} while write id {wid} issued before it (seq {wseq}) was still in flight")));
            }
        }

        if (OpClasses.IsDataWrite(op) && ring.Barriers.TryOldest(_table, out int b, out long bseq) && bseq < e.ReqSeq && _violations.Count(RingViolationKind.OvertookBarrier))
        {
            ulong bid = _table.Entries[b].Id;
            _violations.Example(new RingViolation(RingViolationKind.OvertookBarrier, queue, t, [e.Id, bid], [e.ReqSeq, seq, bseq],
                Format($"write id {e.Id} (seq {e.ReqSeq}) completed at seq {seq} before barrier id {bid} issued before it (seq {bseq})")));
        }

        _table.Release(index);
    }

    private void CheckFlush(in InFlightEntry e, long seq, long t, Outcome outcome)
    {
        if (outcome != Outcome.Okay)
        {
            if (_violations.Count(RingViolationKind.FlushFailed))
            {
                _violations.Example(new RingViolation(RingViolationKind.FlushFailed, e.Queue, t, [e.Id], [e.ReqSeq, seq],
                    Format($"{OpClasses.Name(e.Op)} id {e.Id} (seq {e.ReqSeq}) answered {OutcomeName(outcome)} at seq {seq}")));
            }
        }
        else if (_storeFlushesRecorded && _storeFlushes == e.StoreFlushesAtRequest && _violations.Count(RingViolationKind.FlushNotHonoured))
        {
            _violations.Example(new RingViolation(RingViolationKind.FlushNotHonoured, e.Queue, t, [e.Id], [e.ReqSeq, seq],
                Format($"{OpClasses.Name(e.Op)} id {e.Id} (seq {e.ReqSeq}) answered OKAY at seq {seq} with no store flush in between")));
        }
    }

    /// <summary>The ring's state, after integrating its queue depth (and the total) up to <paramref name="t"/>.</summary>
    private RingState Ring(short queue, long t)
    {
        if (t > _totalLastTs)
        {
            if (_totalLastTs != long.MinValue)
            {
                _series.Integrate(_series.Total, _totalLastTs, t, _totalInFlight);
            }

            _totalLastTs = t;
        }

        var ring = _rings[(ushort)queue];
        if (ring is null)
        {
            ring = new RingState(queue, _series.Ring((ushort)queue)) { LastTs = t };
            _rings[(ushort)queue] = ring;
            _ringList.Add(ring);
        }
        else if (t > ring.LastTs)
        {
            _series.Integrate(ring.Bins, ring.LastTs, t, ring.InFlight);
            ring.LastTs = t;
        }

        return ring;
    }

    private static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Okay => "OKAY",
        Outcome.Error => "ERROR",
        Outcome.EOpNotSupp => "EOPNOTSUPP",
        Outcome.OtherStatus => "an undefined status",
        _ => "nothing",
    };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
