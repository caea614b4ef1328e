namespace BlkTrace.Analysis.Durability;

/// <summary>What crash-state exploration of one replay found.</summary>
public sealed record DurabilityReport
{
    /// <summary>False when the replay could not be explored (see <see cref="Note"/>); the counts are then 0.</summary>
    public bool Explored { get; init; }

    /// <summary>Why it was not explored, or caveats (ring writes the intent log does not explain).</summary>
    public string Note { get; init; } = string.Empty;

    /// <summary>The seed used.</summary>
    public ulong Seed { get; init; }

    /// <summary>Crash points explored.</summary>
    public long CrashPoints { get; init; }

    /// <summary>Crash points there were (every flush completion, the random ones, the end); more than <see cref="CrashPoints"/> when bounded.</summary>
    public long CrashPointsAvailable { get; init; }

    /// <summary>States drawn and checked.</summary>
    public long StatesExplored { get; init; }

    /// <summary>States that showed at least one violation of any kind.</summary>
    public long StatesWithViolation { get; init; }

    /// <summary>Ring write requests (data-carrying, answered OKAY or in flight) the model holds.</summary>
    public long RingWrites { get; init; }

    /// <summary>Ring writes no intent claims (or with generation 0): left out of the data checks.</summary>
    public long UnmappedRingWrites { get; init; }

    /// <summary>Store-flush rows in the ring trace.</summary>
    public long StoreFlushes { get; init; }

    /// <summary>Intents in the log.</summary>
    public long Intents { get; init; }

    /// <summary>Flush intents the guest was told succeeded, and how many of them sent nothing to the ring.</summary>
    public long FlushesToldOkay { get; init; }

    /// <summary>Flush intents told OK whose <c>ring_ids</c> was empty (the strategy sent nothing).</summary>
    public long FlushesToldOkayWithoutRequest { get; init; }

    /// <summary>Every kind, in <see cref="DurabilityViolationKind"/> order.</summary>
    public IReadOnlyList<DurabilityViolationSummary> Violations { get; init; } = [];

    /// <summary>States that showed <paramref name="kind"/>.</summary>
    public long StatesWith(DurabilityViolationKind kind) => Violations.FirstOrDefault(v => v.Kind == kind)?.States ?? 0;

    /// <summary>Total violating states over all kinds (a state with two kinds counts twice).</summary>
    public long TotalViolations => Violations.Sum(v => v.States);

    /// <summary>A report for a replay that could not be explored.</summary>
    public static DurabilityReport NotExplored(string why) => new() { Explored = false, Note = why, Violations = [.. Enum.GetValues<DurabilityViolationKind>().Select(k => new DurabilityViolationSummary(k, 0, 0, []))] };
}
