namespace BlkTrace.Analysis.Durability;

/// <summary>One violation kind over every state explored.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="States">States that showed it at least once.</param>
/// <param name="Intents">Distinct write intents it affected (the write lost or reverted; for broken-barrier-prefix, the write missing).</param>
/// <param name="Examples">The first instances found.</param>
public sealed record DurabilityViolationSummary(DurabilityViolationKind Kind, long States, long Intents, IReadOnlyList<DurabilityExample> Examples);
