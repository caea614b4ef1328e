using BlkTrace.Analysis.Durability;

namespace BlkTrace.Analysis;

/// <summary>
/// Everything <c>blkt analyze</c> reports about one trace: plain records, serialisable as JSON
/// (<see cref="AnalysisJson"/>), and shaped so charts draw from them directly (time series, CDFs,
/// per-class counts and violations).
/// </summary>
public sealed record AnalysisResult
{
    /// <summary>What was analysed.</summary>
    public TraceSummary Trace { get; init; } = new();

    /// <summary>Requests per class by outcome, with bytes (every class, in <see cref="OpClass"/> order).</summary>
    public IReadOnlyList<OpTotals> Ops { get; init; } = [];

    /// <summary>The non-empty cells of the class × outcome table (what <c>notebooks/sql/counts_by_op_status.sql</c> returns).</summary>
    public IReadOnlyList<OpStatusCount> Counts { get; init; } = [];

    /// <summary>Whole-trace IOPS and MB/s.</summary>
    public ThroughputSummary Throughput { get; init; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Latency per class that had completions, then <c>flushes</c> and <c>all</c>.</summary>
    public IReadOnlyList<LatencySummary> Latency { get; init; } = [];

    /// <summary>Flush rate and fate.</summary>
    public FlushSummary Flushes { get; init; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>IOPS, MB/s and queue depth over time.</summary>
    public TimeSeries Series { get; init; } = new(AnalyzerOptions.DefaultBinNs, [], []);

    /// <summary>Ring-level violations and protocol faults, every kind (zero counts included).</summary>
    public IReadOnlyList<ViolationSummary> Violations { get; init; } = [];

    /// <summary>Crash-state exploration, when the trace is a replay with an intent log; otherwise null.</summary>
    public DurabilityReport? Durability { get; init; }

    /// <summary>The latency row with that name (<c>all</c>, <c>flushes</c>, or a class name), or null.</summary>
    public LatencySummary? LatencyOf(string name) => Latency.FirstOrDefault(l => l.Name == name);

    /// <summary>The count of one violation kind.</summary>
    public long ViolationCount(RingViolationKind kind) => Violations.FirstOrDefault(v => v.Kind == kind)?.Count ?? 0;
}
