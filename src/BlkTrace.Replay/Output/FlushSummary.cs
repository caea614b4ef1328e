namespace BlkTrace.Replay.Output;

/// <summary>What became of the flush intents (or the durable-ordered writes) of a replay.</summary>
/// <param name="Total">Intents of the kind issued.</param>
/// <param name="ToldOkay">Told OKAY.</param>
/// <param name="ToldError">Told ERROR.</param>
/// <param name="ToldNotSupported">Told EOPNOTSUPP.</param>
/// <param name="NeverTold">Never completed.</param>
/// <param name="ToldOkayWithoutRingOkay">Told OKAY although the ring did not answer OKAY (or nothing was sent): durability the guest believes in and may not have.</param>
/// <param name="Fates">How they went, most frequent first.</param>
public sealed record FlushSummary(long Total, long ToldOkay, long ToldError, long ToldNotSupported, long NeverTold, long ToldOkayWithoutRingOkay, IReadOnlyList<FlushFate> Fates);
