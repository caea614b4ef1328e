namespace BlkTrace.Analysis;

/// <summary>Queue depth of one ring over time, aligned with <see cref="TimeSeries.Bins"/>.</summary>
/// <param name="Queue">The ring.</param>
/// <param name="QueueDepthMean">Time-weighted mean in-flight requests per bin.</param>
/// <param name="QueueDepthMax">Most in flight per bin.</param>
/// <param name="MaxInFlight">Most in flight over the whole trace.</param>
public sealed record RingSeries(int Queue, IReadOnlyList<double> QueueDepthMean, IReadOnlyList<int> QueueDepthMax, int MaxInFlight);
