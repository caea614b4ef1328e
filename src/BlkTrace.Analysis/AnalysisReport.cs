using System.Globalization;
using System.Text;
using BlkTrace.Analysis.Durability;

namespace BlkTrace.Analysis;

/// <summary>
/// The text form of an <see cref="AnalysisResult"/> (<c>blkt analyze</c>): aligned columns, invariant
/// culture, fixed precision, nothing that depends on when or where it ran, so golden files
/// (<c>*.baseline.txt</c>) stay stable. Times in seconds (6 decimals), latencies in µs (3 decimals).
/// </summary>
public static class AnalysisReport
{
    /// <summary>Time-series rows printed before the rest are summarised (the JSON has them all).</summary>
    public const int DefaultSeriesRows = 60;

    /// <summary>Renders the report.</summary>
    public static string Format(AnalysisResult result, int maxSeriesRows = DefaultSeriesRows)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = new StringBuilder();
        Header(o, result.Trace);
        Findings(o, result);
        Ops(o, result);
        Throughput(o, result);
        Latency(o, result.Latency);
        Flushes(o, result.Flushes);
        QueueDepth(o, result.Series);
        Series(o, result.Series, result.Trace, maxSeriesRows);
        Checks(o, result);
        if (result.Durability is { } d)
        {
            DurabilityText(o, d);
        }

        return o.ToString();
    }

    private static void Header(StringBuilder o, TraceSummary t)
    {
        Line(o, $"blkt analyze: {t.Name}");
        Line(o, $"  rows {t.Rows:N0}: {t.Requests:N0} requests, {t.Responses:N0} responses, {t.StoreFlushes:N0} store flushes{(t.UnknownKindRows > 0 ? $", {t.UnknownKindRows:N0} of unknown kind" : string.Empty)}; dropped by the capture {t.DroppedEvents:N0}");
        Line(o, $"  profile {t.Profile ?? "-"}, store {t.Store ?? "-"}, abi {t.Abi ?? "-"}, ring size {(t.RingSize is { } r ? r.ToString(CultureInfo.InvariantCulture) : "unknown")}, rings seen {t.QueuesSeen}");
        if (t.Strategy is not null || t.TimingMode is not null || t.SourceTrace is not null)
        {
            Line(o, $"  replay: strategy {t.Strategy ?? "-"}, timing {t.TimingMode ?? "-"}, source {t.SourceTrace ?? "-"}");
        }

        Line(o, $"  span {Seconds(t.FirstTsNs)} s .. {Seconds(t.LastTsNs)} s = {Seconds(t.DurationNs)} s");
        if (t.NegativeLatencies > 0)
        {
            Line(o, $"  {t.NegativeLatencies:N0} response(s) stamped before their request: latency counted as 0");
        }
    }

    /// <summary>What a storage engineer wants first: rates, tail latency, and every problem in a sentence.</summary>
    private static void Findings(StringBuilder o, AnalysisResult r)
    {
        var t = r.Trace;
        var all = r.LatencyOf(TraceAnalyzer.AllLatency);
        var flushLatency = r.LatencyOf(TraceAnalyzer.FlushLatency);
        Text(o, string.Empty);
        Text(o, "summary");
        Line(o, $"  {r.Throughput.Iops:F0} IOPS, {r.Throughput.MBps:F2} MB/s over {Seconds(t.DurationNs)} s; latency p50 {Micro(all?.P50Ns ?? 0)} µs, p99 {Micro(all?.P99Ns ?? 0)} µs, max {Micro(all?.MaxNs ?? 0)} µs");
        if (r.Flushes.Requests > 0)
        {
            Line(o, $"  {r.Flushes.Requests:N0} flush(es) ({r.Flushes.PerSecond:F1}/s), latency p50 {Micro(flushLatency?.P50Ns ?? 0)} µs, p99 {Micro(flushLatency?.P99Ns ?? 0)} µs");
        }

        int problems = 0;
        foreach (var v in r.Violations.Where(v => v.Count > 0))
        {
            problems++;
            Line(o, $"  ! {RingViolations.Name(v.Kind)} ×{v.Count:N0}: {Meaning(v.Kind, r)}");
        }

        if (problems == 0)
        {
            Text(o, "  no ordering violations, no protocol faults");
        }

        if (r.Flushes.Requests > 0 && r.Flushes.Failed == 0 && t.StoreFlushesRecorded && r.ViolationCount(RingViolationKind.FlushNotHonoured) == 0)
        {
            Text(o, "  every flush was answered OKAY after a store flush");
        }
        else if (r.Flushes.Requests > 0 && !t.StoreFlushesRecorded)
        {
            Text(o, "  flush-not-honoured not checked: the trace does not record store flushes");
        }

        if (t.DroppedEvents > 0)
        {
            Line(o, $"  ! the capture dropped {t.DroppedEvents:N0} event(s): every figure undercounts");
        }

        if (r.Durability is { Explored: true } d)
        {
            if (d.FlushesToldOkayWithoutRequest > 0)
            {
                Line(o, $"  ! {d.FlushesToldOkayWithoutRequest:N0} of {d.FlushesToldOkay:N0} flush intents told OKAY sent nothing to the backend");
            }

            if (d.StatesWithViolation == 0)
            {
                Line(o, $"  crash states: none of {d.StatesExplored:N0} explored shows a durability violation");
            }
            else
            {
                Line(o, $"  ! crash states: {d.StatesWithViolation:N0} of {d.StatesExplored:N0} explored show {string.Join(", ", d.Violations.Where(v => v.States > 0).Select(v => Name(v.Kind)))}");
            }
        }
    }

    private static string Meaning(RingViolationKind kind, AnalysisResult r) => kind switch
    {
        RingViolationKind.BarrierOvertaken => "a barrier completed before a write issued ahead of it",
        RingViolationKind.OvertookBarrier => "a write issued after a barrier completed before the barrier",
        RingViolationKind.FlushFailed => FlushFailedMeaning(r),
        RingViolationKind.FlushNotHonoured => "answered OKAY with no store flush between request and response: durability acknowledged, not provided",
        RingViolationKind.ResponseWithoutRequest => "a response to no outstanding request (backend fault)",
        RingViolationKind.IdReusedInFlight => "a request id reused while still in flight (frontend fault)",
        RingViolationKind.RingOverflow => "more requests outstanding than the ring holds (frontend fault)",
        _ => string.Empty,
    };

    private static string FlushFailedMeaning(AnalysisResult r)
    {
        var failed = r.Ops.Where(op => op.Op is OpClass.Flush or OpClass.EmptyBarrier or OpClass.DataBarrier && op.Requests > op.Okay + op.Unanswered)
            .Select(op => string.Create(CultureInfo.InvariantCulture, $"{OpClasses.Name(op.Op)} {op.Error + op.EOpNotSupp + op.OtherStatus:N0} of {op.Requests:N0}"));
        return $"flush or barrier answered other than OKAY ({string.Join(", ", failed)}): no durability was given for them; a guest that carries on as if it were has none";
    }

    private static void Ops(StringBuilder o, AnalysisResult r)
    {
        Text(o, string.Empty);
        Text(o, "requests by op and status");
        Line(o, $"  {"op",-14} {"requests",12} {"okay",12} {"error",10} {"eopnotsupp",10} {"other",8} {"unanswered",10} {"bytes",16}");
        var total = new long[7];
        foreach (var t in r.Ops.Where(t => t.Requests > 0))
        {
            Line(o, $"  {OpClasses.Name(t.Op),-14} {t.Requests,12:N0} {t.Okay,12:N0} {t.Error,10:N0} {t.EOpNotSupp,10:N0} {t.OtherStatus,8:N0} {t.Unanswered,10:N0} {t.Bytes,16:N0}");
            long[] row = [t.Requests, t.Okay, t.Error, t.EOpNotSupp, t.OtherStatus, t.Unanswered, t.Bytes];
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += row[i];
            }
        }

        Line(o, $"  {"total",-14} {total[0],12:N0} {total[1],12:N0} {total[2],10:N0} {total[3],10:N0} {total[4],8:N0} {total[5],10:N0} {total[6],16:N0}");
    }

    private static void Throughput(StringBuilder o, AnalysisResult r)
    {
        var t = r.Throughput;
        Text(o, string.Empty);
        Line(o, $"throughput: {t.Completed:N0} completed in {t.DurationSeconds:F6} s: {t.Iops:F2} IOPS, {t.MBps:F3} MB/s (read {t.ReadMBps:F3}, write {t.WriteMBps:F3}); {t.ReadBytes:N0} bytes read, {t.WriteBytes:N0} written");
    }

    private static void Latency(StringBuilder o, IReadOnlyList<LatencySummary> rows)
    {
        Text(o, string.Empty);
        Line(o, $"latency (µs)   {"count",12} {"min",12} {"mean",12} {"p50",12} {"p90",12} {"p99",12} {"p99.9",12} {"max",12}");
        foreach (var l in rows)
        {
            Line(o, $"  {l.Name,-12} {l.Count,12:N0} {Micro(l.MinNs),12} {l.MeanNs / 1e3,12:F3} {Micro(l.P50Ns),12} {Micro(l.P90Ns),12} {Micro(l.P99Ns),12} {Micro(l.P999Ns),12} {Micro(l.MaxNs),12}");
        }
    }

    private static void Flushes(StringBuilder o, FlushSummary f)
    {
        Text(o, string.Empty);
        Line(o, $"flushes: {f.Requests:N0} ({f.PerSecond:F3}/s): flush {f.Flush:N0}, barrier-empty {f.EmptyBarrier:N0}, barrier-data {f.DataBarrier:N0}; failed {f.Failed:N0}; store flushes {f.StoreFlushes:N0}");
    }

    private static void QueueDepth(StringBuilder o, TimeSeries s)
    {
        Text(o, string.Empty);
        if (s.Rings.Count == 0)
        {
            Text(o, "queue depth: no rings");
            return;
        }

        double covered = s.Bins.Sum(b => b.QueueDepthMean);
        Line(o, $"queue depth (requests in flight, all rings): mean over bins {(s.Bins.Count > 0 ? covered / s.Bins.Count : 0):F3}, most at once {(s.Bins.Count > 0 ? s.Bins.Max(b => b.QueueDepthMax) : 0)}");
        foreach (var ring in s.Rings)
        {
            Line(o, $"  ring {ring.Queue}: most in flight {ring.MaxInFlight}");
        }
    }

    private static void Series(StringBuilder o, TimeSeries s, TraceSummary t, int maxRows)
    {
        Text(o, string.Empty);
        var (width, bins) = TimeSeriesRegrouping.Regroup(s, t.FirstTsNs, t.LastTsNs, maxRows);
        string from = width == s.BinNs ? string.Empty : $", regrouped from {TimeSeriesRegrouping.Duration(s.BinNs)} bins (--json has those)";
        Line(o, $"time series (bin {TimeSeriesRegrouping.Duration(width)}{from}; completions by response time; qd = requests in flight)");
        Line(o, $"  {"start_s",12} {"iops",12} {"MB/s",10} {"reads",9} {"writes",9} {"flushes",8} {"errors",7} {"qd_mean",8} {"qd_max",7}");
        foreach (var b in bins.Take(maxRows))
        {
            Line(o, $"  {Seconds(b.StartNs),12} {b.Iops,12:F2} {b.MBps,10:F3} {b.Reads,9:N0} {b.Writes,9:N0} {b.Flushes,8:N0} {b.Errors,7:N0} {b.QueueDepthMean,8:F3} {b.QueueDepthMax,7}");
        }

        if (bins.Count > maxRows)
        {
            Line(o, $"  … {bins.Count - maxRows:N0} more bin(s) (--json has them all)");
        }
    }

    private static void Checks(StringBuilder o, AnalysisResult r)
    {
        var t = r.Trace;
        Text(o, string.Empty);
        Line(o, $"ring-level checks ({t.StoreFlushesNote})");
        foreach (var v in r.Violations.Where(v => !RingViolations.IsProtocolFault(v.Kind)))
        {
            string count = v.Kind == RingViolationKind.FlushNotHonoured && !t.StoreFlushesRecorded ? "not checked" : v.Count.ToString("N0", CultureInfo.InvariantCulture);
            Line(o, $"  {RingViolations.Name(v.Kind),-26} {count,12}");
        }

        Text(o, "protocol faults");
        foreach (var v in r.Violations.Where(v => RingViolations.IsProtocolFault(v.Kind)))
        {
            string count = v.Kind == RingViolationKind.RingOverflow && t.RingSize is null ? "not checked" : v.Count.ToString("N0", CultureInfo.InvariantCulture);
            Line(o, $"  {RingViolations.Name(v.Kind),-26} {count,12}");
        }

        var examples = r.Violations.SelectMany(v => v.Examples).ToList();
        if (examples.Count > 0)
        {
            Text(o, "examples");
            foreach (var e in examples)
            {
                Line(o, $"  {RingViolations.Name(e.Kind)}: ring {e.Queue} at {Seconds(e.TsNs)} s, seq {string.Join(',', e.Seqs)}: {e.Detail}");
            }
        }
    }

    private static void DurabilityText(StringBuilder o, DurabilityReport d)
    {
        Text(o, string.Empty);
        if (!d.Explored)
        {
            Line(o, $"durability: {d.Note}");
            return;
        }

        Line(o, $"durability: crash-state exploration, seed {d.Seed}");
        Line(o, $"  crash points {d.CrashPoints:N0} of {d.CrashPointsAvailable:N0}, states {d.StatesExplored:N0}; ring writes {d.RingWrites:N0}, store flushes {d.StoreFlushes:N0}; intents {d.Intents:N0}, flushes told OK {d.FlushesToldOkay:N0} ({d.FlushesToldOkayWithoutRequest:N0} sent nothing)");
        if (d.Note.Length > 0)
        {
            Line(o, $"  note: {d.Note}");
        }

        foreach (var v in d.Violations)
        {
            Line(o, $"  {Name(v.Kind),-26} {v.States,10:N0} state(s) {v.Intents,10:N0} write(s)");
        }

        foreach (var e in d.Violations.SelectMany(v => v.Examples))
        {
            Line(o, $"  example {Name(e.Kind)}: {e.Detail}");
        }
    }

    /// <summary>The report name of a durability violation.</summary>
    public static string Name(DurabilityViolationKind kind) => kind switch
    {
        DurabilityViolationKind.LostDurableWrite => "lost-durable-write",
        DurabilityViolationKind.BrokenBarrierPrefix => "broken-barrier-prefix",
        DurabilityViolationKind.RevertedData => "reverted-data",
        _ => kind.ToString(),
    };

    private static string Seconds(long ns) => (ns / 1e9).ToString("F6", CultureInfo.InvariantCulture);

    private static string Micro(long ns) => (ns / 1e3).ToString("F3", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder o, FormattableString text) => o.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Text(StringBuilder o, string text) => o.Append(text).Append('\n');
}
