namespace BlkTrace.Analysis.Durability;

/// <summary>How many crash states to draw, and from what seed: exploration is bounded and reproducible.</summary>
public sealed record CrashExplorationOptions
{
    /// <summary>Seeds the random crash points and the durable-or-not draws.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Crash points drawn uniformly over the trace, beside every flush completion and the end.</summary>
    public int RandomPoints { get; init; } = 32;

    /// <summary>
    /// Random states drawn at each crash point, beside the minimal one (no uncovered write durable),
    /// in which each write not covered by a store flush is durable or not with probability 1/2.
    /// </summary>
    public int RandomStatesPerPoint { get; init; } = 3;

    /// <summary>
    /// The most states explored in all; when the crash points need more, a seeded subset of them is
    /// explored (the report says how many of how many).
    /// </summary>
    public int MaxStates { get; init; } = 1024;

    /// <summary>Examples kept per violation kind.</summary>
    public int MaxExamples { get; init; } = 3;

    /// <summary>
    /// Explore only replays on a <c>mem:SIZE,cache</c> store (the volatile write-cache model the rule
    /// describes); false explores any trace, e.g. hand-built ones.
    /// </summary>
    public bool RequireWriteCacheModel { get; init; } = true;

    /// <summary>The most (write, sector range) cells the model may hold; larger replays are refused rather than exhausting memory.</summary>
    public long MaxCells { get; init; } = 32_000_000;
}
