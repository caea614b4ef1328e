namespace BlkTrace.Analysis.Durability;

/// <summary>One violation in one drawn crash state, with what was expected and what the state held.</summary>
/// <param name="Kind">The violation.</param>
/// <param name="CrashSeq">The crash came just before the row with this <c>seq</c> (or after the last row: last seq + 1).</param>
/// <param name="CrashTsNs">The time of that row (the crash happened before it).</param>
/// <param name="State">0: the minimal state (nothing uncovered durable); 1..: a random draw.</param>
/// <param name="Sector">First sector of the affected range (0 for broken-barrier-prefix).</param>
/// <param name="Sectors">Sectors in the affected range.</param>
/// <param name="ExpectedGeneration">The generation the sectors should hold at least.</param>
/// <param name="FoundGeneration">The generation they hold in the state (0: never written).</param>
/// <param name="IntentSeqs">The intents involved: the write expected, then the one found or the barrier.</param>
/// <param name="RingIds">The ring requests involved, in the same spirit.</param>
/// <param name="Detail">One line for humans.</param>
public sealed record DurabilityExample(
    DurabilityViolationKind Kind,
    long CrashSeq,
    long CrashTsNs,
    int State,
    ulong Sector,
    long Sectors,
    long ExpectedGeneration,
    long FoundGeneration,
    IReadOnlyList<long> IntentSeqs,
    IReadOnlyList<ulong> RingIds,
    string Detail);
