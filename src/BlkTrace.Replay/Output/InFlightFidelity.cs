namespace BlkTrace.Replay.Output;

/// <summary>Queue depth seen by each intent at its issue, source against replay.</summary>
/// <param name="SourceMean">Mean requests outstanding in the source when each intent was issued.</param>
/// <param name="ReplayMean">Mean intents in flight in the replay when each was issued.</param>
/// <param name="MeanAbsDelta">Mean |replay − source| per intent.</param>
/// <param name="P99AbsDelta">99th percentile of |replay − source|.</param>
/// <param name="MaxAbsDelta">Largest |replay − source|.</param>
public sealed record InFlightFidelity(double SourceMean, double ReplayMean, double MeanAbsDelta, double P99AbsDelta, double MaxAbsDelta);
