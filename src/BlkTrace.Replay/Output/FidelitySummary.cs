namespace BlkTrace.Replay.Output;

/// <summary>
/// How faithfully the replay reproduced the source's timing, with hfplayer's measures (Haghdoost et
/// al., FAST '17): inter-arrival times, latencies and in-flight counts, intent by intent.
/// </summary>
/// <param name="IssueErrorUs">Issue-time error, actual − intended issue, µs (original and closed modes; null in afap, which has no intended times).</param>
/// <param name="SourceInterArrivalMeanUs">Mean gap between consecutive intents' issues in the source, divided by the speed (µs).</param>
/// <param name="ReplayInterArrivalMeanUs">The same in the replay.</param>
/// <param name="InterArrivalAbsDeltaUs">|replay gap − source gap / speed| per consecutive pair, µs.</param>
/// <param name="InterArrivalRelativeError">Σ|replay gap − source gap / speed| / Σ(source gap / speed): 0 is perfect.</param>
/// <param name="SourceLatencyUs">Source latencies (request to response row), µs, intents the source completed.</param>
/// <param name="ReplayLatencyUs">Replay guest-visible latencies (issue to told), µs.</param>
/// <param name="LatencyDeltaUs">Replay − source latency per intent completed in both, µs (signed).</param>
/// <param name="InFlight">Queue depth at issue.</param>
public sealed record FidelitySummary(
    LatencyStats? IssueErrorUs,
    double SourceInterArrivalMeanUs,
    double ReplayInterArrivalMeanUs,
    LatencyStats InterArrivalAbsDeltaUs,
    double InterArrivalRelativeError,
    LatencyStats SourceLatencyUs,
    LatencyStats ReplayLatencyUs,
    LatencyStats LatencyDeltaUs,
    InFlightFidelity InFlight);
