namespace BlkTrace.Replay.Output;

/// <summary>
/// <c>summary.json</c> of a replay directory (schema <c>blktrace.replay-summary</c> v1; snake_case keys).
/// Documented field by field in src/BlkTrace.Replay/README.md; <c>blkt compare</c> reads it, so fields
/// are only ever added.
/// </summary>
public sealed record ReplaySummary
{
    /// <summary>The schema name.</summary>
    public const string SchemaName = "blktrace.replay-summary";

    /// <summary>The file name inside a replay directory.</summary>
    public const string FileName = "summary.json";

    /// <summary><c>blktrace.replay-summary</c>.</summary>
    public string Schema { get; init; } = SchemaName;

    /// <summary>1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The strategy name.</summary>
    public required string Strategy { get; init; }

    /// <summary>What it decided at connect (mode, probe results) and after (e.g. flushing disabled).</summary>
    public required string StrategyDetail { get; init; }

    /// <summary>Timing mode and knobs.</summary>
    public required TimingSummary Timing { get; init; }

    /// <summary>The seed stamped into data.</summary>
    public ulong Seed { get; init; }

    /// <summary>The source trace.</summary>
    public required SourceSummary Source { get; init; }

    /// <summary>The target.</summary>
    public required TargetSummary Target { get; init; }

    /// <summary>Workload duration: first issue to last completion, ns.</summary>
    public long DurationNs { get; init; }

    /// <summary>Intents.</summary>
    public required IntentSummary Intents { get; init; }

    /// <summary>Ring requests.</summary>
    public required RingSummary Ring { get; init; }

    /// <summary>Rates.</summary>
    public required ThroughputSummary Throughput { get; init; }

    /// <summary>Guest-visible latency (issue to told), µs, by kind: <c>all</c>, <c>read</c>, <c>write</c>, <c>flush</c>, <c>durable_write</c>, <c>discard</c>.</summary>
    public required IReadOnlyDictionary<string, LatencyStats> LatencyUs { get; init; }

    /// <summary>Flush intents: what they became and what the guest was told.</summary>
    public required FlushSummary Flushes { get; init; }

    /// <summary>Durable-ordered writes: the same.</summary>
    public required FlushSummary DurableWrites { get; init; }

    /// <summary>Bytes the strategy wrote on its own account (cache-replay rewrites).</summary>
    public long ExtraBytesWritten { get; init; }

    /// <summary>Ring requests the strategy sent on its own account (cache-replay rewrites; connect-time requests are counted in <see cref="IntentSummary.Connect"/>).</summary>
    public long ExtraRingRequests { get; init; }

    /// <summary>Errors.</summary>
    public required ErrorSummary Errors { get; init; }

    /// <summary>Read checks.</summary>
    public required VerificationSummary Verification { get; init; }

    /// <summary>Timing fidelity against the source.</summary>
    public required FidelitySummary Fidelity { get; init; }

    /// <summary>Output files, relative to the replay directory (<c>trace</c> is null for a vbd target: the backend's own <c>--trace</c> is the replay trace).</summary>
    public required IReadOnlyDictionary<string, string?> Outputs { get; init; }

    /// <summary>Where a time budget cut the source short, or null when the run replayed it all.</summary>
    public TruncationSummary? Truncated { get; init; }

    /// <summary>Source request → intent mapping.</summary>
    public required SourceMapping SourceMapping { get; init; }
}
