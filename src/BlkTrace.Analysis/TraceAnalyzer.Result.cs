using BlkTrace.Analysis.Scan;
using BlkTrace.Trace;

namespace BlkTrace.Analysis;

/// <summary>Turning the scan's counters into an <see cref="AnalysisResult"/>.</summary>
public sealed partial class TraceAnalyzer
{
    /// <summary>Name of the latency row over every class.</summary>
    public const string AllLatency = "all";

    /// <summary>Name of the latency row over FLUSH_DISKCACHE and both kinds of WRITE_BARRIER.</summary>
    public const string FlushLatency = "flushes";

    /// <summary>
    /// Ends the scan: what is still in flight counts as unanswered, and queue depth is integrated to
    /// the last row. <paramref name="name"/> is how the report names the trace (no directories).
    /// </summary>
    public AnalysisResult Complete(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        bool empty = _rows == 0;
        long first = empty ? 0 : _firstTs;
        long last = empty ? 0 : _lastTs;
        foreach (var ring in _ringList)
        {
            _series.Integrate(ring.Bins, ring.LastTs, last, ring.InFlight);
        }

        if (!empty)
        {
            _series.Integrate(_series.Total, _totalLastTs, last, _totalInFlight);
        }

        var entries = _table.Entries;
        for (int i = 0; i < _table.HighWater; i++)
        {
            if (entries[i].Live)
            {
                int cell = ((int)entries[i].Op * Outcomes) + (int)Outcome.Unanswered;
                _counts[cell]++;
                _bytes[cell] += entries[i].NrSectors * 512L;
            }
        }

        double seconds = (last - first) / 1e9;
        return new AnalysisResult
        {
            Trace = Summary(name, first, last),
            Ops = [.. OpClasses.All.Select(Totals)],
            Counts = [.. Cells()],
            Throughput = Throughput(seconds),
            Latency = Latencies(),
            Flushes = Flushes(seconds),
            Series = Series(first, last),
            Violations = _violations.Summaries(),
        };
    }

    private TraceSummary Summary(string name, long first, long last) => new()
    {
        Name = name,
        Rows = _rows,
        Requests = _requests,
        Responses = _responses,
        StoreFlushes = _storeFlushes,
        UnknownKindRows = _unknownKinds,
        DroppedEvents = _metadata.DroppedEvents,
        FirstTsNs = first,
        LastTsNs = last,
        DurationNs = last - first,
        Profile = _metadata.Profile,
        Store = _metadata.Store,
        Strategy = _metadata.Strategy,
        TimingMode = _metadata.TimingMode,
        SourceTrace = _metadata.SourceTrace is { } s ? Path.GetFileName(Path.TrimEndingDirectorySeparator(s)) : null,
        Abi = _metadata.Abi,
        RingSize = _ringSize,
        QueuesSeen = _ringList.Count,
        StoreFlushesRecorded = _storeFlushesRecorded,
        StoreFlushesNote = _storeFlushesNote,
        NegativeLatencies = _latency.Sum(h => h.Clamped),
    };

    private OpTotals Totals(OpClass op)
    {
        int b = (int)op * Outcomes;
        long bytes = 0;
        long requests = 0;
        for (int o = 0; o < Outcomes; o++)
        {
            bytes += _bytes[b + o];
            requests += _counts[b + o];
        }

        return new OpTotals(op, requests, _counts[b], _counts[b + 1], _counts[b + 2], _counts[b + 3], _counts[b + 4], bytes);
    }

    private IEnumerable<OpStatusCount> Cells()
    {
        foreach (var op in OpClasses.All)
        {
            for (int o = 0; o < Outcomes; o++)
            {
                int cell = ((int)op * Outcomes) + o;
                if (_counts[cell] > 0)
                {
                    yield return new OpStatusCount(op, (Outcome)o, _counts[cell], _bytes[cell]);
                }
            }
        }
    }

    private ThroughputSummary Throughput(double seconds)
    {
        long completed = 0;
        long readBytes = 0;
        long writeBytes = 0;
        foreach (var op in OpClasses.All)
        {
            int b = (int)op * Outcomes;
            for (int o = 0; o < (int)Outcome.Unanswered; o++)
            {
                completed += _counts[b + o];
                if (op == OpClass.Read)
                {
                    readBytes += _bytes[b + o];
                }
                else if (OpClasses.MovesData(op))
                {
                    writeBytes += _bytes[b + o];
                }
            }
        }

        return new ThroughputSummary(completed, seconds, Rate(completed, seconds), readBytes, writeBytes,
            Rate(readBytes + writeBytes, seconds) / 1e6, Rate(readBytes, seconds) / 1e6, Rate(writeBytes, seconds) / 1e6);
    }

    private List<LatencySummary> Latencies()
    {
        var rows = new List<LatencySummary>();
        var flushes = new LatencyHistogram();
        var all = new LatencyHistogram();
        foreach (var op in OpClasses.All)
        {
            var h = _latency[(int)op];
            if (h.Count > 0)
            {
                rows.Add(LatencySummary.From(OpClasses.Name(op), h));
            }

            all.Add(h);
            if (OpClasses.IsFlush(op))
            {
                flushes.Add(h);
            }
        }

        rows.Add(LatencySummary.From(FlushLatency, flushes));
        rows.Add(LatencySummary.From(AllLatency, all));
        return rows;
    }

    private FlushSummary Flushes(double seconds)
    {
        long Requests(OpClass op) => Totals(op).Requests;
        long failed = 0;
        foreach (var op in OpClasses.All.Where(OpClasses.IsFlush))
        {
            var t = Totals(op);
            failed += t.Error + t.EOpNotSupp + t.OtherStatus;
        }

        long flush = Requests(OpClass.Flush);
        long empty = Requests(OpClass.EmptyBarrier);
        long data = Requests(OpClass.DataBarrier);
        return new FlushSummary(flush + empty + data, Rate(flush + empty + data, seconds), flush, empty, data, failed, _storeFlushes);
    }

    private TimeSeries Series(long first, long last)
    {
        var s = _series;
        long width = s.BinNs;
        if (_rows == 0)
        {
            return new TimeSeries(width, [], []);
        }

        int from = s.IndexOf(first);
        int to = s.IndexOf(last);
        var bins = new List<TimeBin>(to - from + 1);
        var rings = _ringList.OrderBy(r => (ushort)r.Queue).ToList();
        var means = rings.Select(_ => new double[to - from + 1]).ToArray();
        var maxes = rings.Select(_ => new int[to - from + 1]).ToArray();
        for (int b = from; b <= to; b++)
        {
            long start = b * width;
            long covered = Math.Min(start + width, Math.Max(last, first + 1)) - Math.Max(start, first);
            for (int r = 0; r < rings.Count; r++)
            {
                means[r][b - from] = covered > 0 ? (double)rings[r].Bins.Integral[b] / covered : 0;
                maxes[r][b - from] = rings[r].Bins.Max[b];
            }

            double total = covered > 0 ? (double)s.Total.Integral[b] / covered : 0;

            double seconds = width / 1e9;
            bins.Add(new TimeBin(start, s.Completed[b], s.Reads[b], s.Writes[b], s.ReadBytes[b], s.WriteBytes[b], s.Flushes[b], s.Errors[b],
                s.Completed[b] / seconds, (s.ReadBytes[b] + s.WriteBytes[b]) / seconds / 1e6, total, s.Total.Max[b]));
        }

        var series = rings.Select((r, i) => new RingSeries((ushort)r.Queue, means[i], maxes[i], r.MaxInFlight)).ToList();
        return new TimeSeries(width, bins, series);
    }

    private static double Rate(long count, double seconds) => seconds > 0 ? count / seconds : 0;
}
