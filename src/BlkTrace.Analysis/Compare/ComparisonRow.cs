using System.Text.Json.Serialization;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// One replay (or capture) in a comparison: what it cost and whether it was safe. Rates and latency
/// are what the workload saw (the intent log, <see cref="Basis"/> <c>guest</c>) for a replay, and
/// ring-level for a capture without an intent log (<see cref="Basis"/> <c>ring</c>).
/// </summary>
public sealed record ComparisonRow
{
    /// <summary>The result's name (replay directory or trace file name, never a path).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>blktrace.strategy</c>; <c>-</c> for a capture.</summary>
    public string Strategy { get; init; } = "-";

    /// <summary><c>blktrace.profile</c>.</summary>
    public string Profile { get; init; } = "-";

    /// <summary><c>blktrace.timing_mode</c>.</summary>
    public string? Timing { get; init; }

    /// <summary><c>blktrace.store</c>.</summary>
    public string? Store { get; init; }

    /// <summary>What the strategy decided, from <c>summary.json</c>.</summary>
    public string? StrategyDetail { get; init; }

    /// <summary><c>guest</c>: rates and latency from the intent log; <c>ring</c>: from ring requests.</summary>
    public string Basis { get; init; } = "ring";

    /// <summary>Completed intents (guest) or requests (ring) per second.</summary>
    public double Iops { get; init; }

    /// <summary>Read + write throughput, 10^6 bytes per second.</summary>
    [JsonPropertyName("mb_per_s")]
    public double MBps { get; init; }

    /// <summary>Median latency over every op, µs.</summary>
    public double P50Us { get; init; }

    /// <summary>99th-percentile latency over every op, µs.</summary>
    public double P99Us { get; init; }

    /// <summary>Flush-like requests on the ring (FLUSH_DISKCACHE and WRITE_BARRIER).</summary>
    public long RingFlushes { get; init; }

    /// <summary>Flush intents of the workload; null without an intent log.</summary>
    public long? FlushIntents { get; init; }

    /// <summary>Flush intents told OKAY.</summary>
    public long? FlushesToldOkay { get; init; }

    /// <summary>Flush intents told ERROR or EOPNOTSUPP.</summary>
    public long? FlushesToldError { get; init; }

    /// <summary>Flush intents never completed.</summary>
    public long? FlushesNeverTold { get; init; }

    /// <summary>Flush intents told OKAY although nothing was sent or the ring did not answer OKAY.</summary>
    public long? FlushesOkayWithoutRingOkay { get; init; }

    /// <summary>How flush intents went, most frequent first.</summary>
    public IReadOnlyList<FlushFateCount> FlushFates { get; init; } = [];

    /// <summary>Bytes the strategy wrote beyond what the workload asked (e.g. cache-replay's rewrites); null when unknown.</summary>
    public long? ExtraBytes { get; init; }

    /// <summary>Workload intents told ERROR or EOPNOTSUPP; null without an intent log.</summary>
    public long? GuestErrors { get; init; }

    /// <summary>Ring responses other than OKAY.</summary>
    public long RingErrors { get; init; }

    /// <summary>Ring-level violations and protocol faults, all kinds summed.</summary>
    public long RingViolations { get; init; }

    /// <summary>The ring-level kinds found with their counts, e.g. <c>flush-failed 12</c>.</summary>
    public IReadOnlyList<string> RingViolationKinds { get; init; } = [];

    /// <summary>Crash states with a durability violation; null when not explored.</summary>
    public long? DurabilityViolations { get; init; }

    /// <summary>Crash states explored; null when not explored.</summary>
    public long? DurabilityStates { get; init; }

    /// <summary>The durability kinds found, e.g. <c>lost-durable-write</c>; empty when none or not explored.</summary>
    public IReadOnlyList<string> DurabilityKinds { get; init; } = [];

    /// <summary>Why crash states were not explored, or the exploration's caveats.</summary>
    public string? DurabilityNote { get; init; }

    /// <summary>Sectors whose read-back differed, from the replay's summary.json; null when it has none.</summary>
    public long? DataMismatches { get; init; }

    /// <summary>Why the replay stopped early, from summary.json; null when it did not.</summary>
    public string? Abandoned { get; init; }
}
