namespace BlkTrace.Analysis.Compare;

/// <summary>
/// What the workload saw in a replay, from its intent log (guest-visible, not ring-level): rates and
/// latency of the workload's intents, the fate of its flush intents, and the intents told an error.
/// </summary>
/// <param name="Intents">Workload intents issued (the strategy's connect-time intents left out when the summary says how many).</param>
/// <param name="Completed">Workload intents the guest was told about.</param>
/// <param name="DurationNs">First issue to last completion.</param>
/// <param name="Iops">Completed per second over <paramref name="DurationNs"/>.</param>
/// <param name="MBps">Bytes of reads and writes told OKAY, 10^6 per second.</param>
/// <param name="P50Us">Median issue-to-told latency, µs (nearest rank, exact).</param>
/// <param name="P99Us">99th-percentile issue-to-told latency, µs.</param>
/// <param name="GuestErrors">Intents told ERROR or EOPNOTSUPP.</param>
/// <param name="FlushIntents">Flush intents.</param>
/// <param name="FlushesToldOkay">Flush intents told OKAY.</param>
/// <param name="FlushesToldError">Flush intents told ERROR.</param>
/// <param name="FlushesToldNotSupported">Flush intents told EOPNOTSUPP.</param>
/// <param name="FlushesNeverTold">Flush intents never completed.</param>
/// <param name="FlushesOkayWithoutRingOkay">Flush intents told OKAY although nothing was sent or the ring did not answer OKAY: durability the guest believes in and may not have.</param>
/// <param name="FlushFates">How flush intents went, most frequent first.</param>
public sealed record IntentFigures(
    long Intents,
    long Completed,
    long DurationNs,
    double Iops,
    double MBps,
    double P50Us,
    double P99Us,
    long GuestErrors,
    long FlushIntents,
    long FlushesToldOkay,
    long FlushesToldError,
    long FlushesToldNotSupported,
    long FlushesNeverTold,
    long FlushesOkayWithoutRingOkay,
    IReadOnlyList<FlushFateCount> FlushFates);
