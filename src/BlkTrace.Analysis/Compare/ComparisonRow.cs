using System.Text.Json.Serialization;

namespace BlkTrace.Analysis.Compare;

/// <summary>One replay (or capture) in a comparison: what it cost and whether it was safe.</summary>
public sealed record ComparisonRow
{
    /// <summary>The result's name (replay directory or trace file name).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>blktrace.strategy</c>; <c>-</c> for a capture.</summary>
    public string Strategy { get; init; } = "-";

    /// <summary><c>blktrace.profile</c>.</summary>
    public string Profile { get; init; } = "-";

    /// <summary><c>blktrace.timing_mode</c>.</summary>
    public string? Timing { get; init; }

    /// <summary>Completed requests per second over the trace's span.</summary>
    public double Iops { get; init; }

    /// <summary>Read + write throughput, 10^6 bytes per second.</summary>
    [JsonPropertyName("mb_per_s")]
    public double MBps { get; init; }

    /// <summary>Median latency over every op, µs.</summary>
    public double P50Us { get; init; }

    /// <summary>99th-percentile latency over every op, µs.</summary>
    public double P99Us { get; init; }

    /// <summary>Flush and barrier requests on the ring.</summary>
    public long Flushes { get; init; }

    /// <summary>Bytes the strategy wrote beyond what the workload asked (e.g. cache-replay's rewrites); null when unknown.</summary>
    public long? ExtraBytes { get; init; }

    /// <summary>Responses other than OKAY.</summary>
    public long Errors { get; init; }

    /// <summary>Ring-level violations and protocol faults, all kinds summed.</summary>
    public long RingViolations { get; init; }

    /// <summary>Crash states with a durability violation; null when not explored.</summary>
    public long? DurabilityViolations { get; init; }

    /// <summary>Crash states explored; null when not explored.</summary>
    public long? DurabilityStates { get; init; }

    /// <summary>The durability kinds found, e.g. <c>lost-durable-write</c>; empty when none or not explored.</summary>
    public IReadOnlyList<string> DurabilityKinds { get; init; } = [];

    /// <summary>Sectors whose read-back differed, from the replay's summary.json; null when it has none.</summary>
    public long? DataMismatches { get; init; }
}
