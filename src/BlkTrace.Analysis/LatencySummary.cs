namespace BlkTrace.Analysis;

/// <summary>
/// Latency (response <c>ts_ns</c> − request <c>ts_ns</c>) of one class of requests, any status.
/// Percentiles are nearest-rank over <see cref="LatencyHistogram"/> buckets (≤ 0.78 % high); min,
/// mean and max are exact.
/// </summary>
/// <param name="Name">An <see cref="OpClasses.Name"/>, or <c>all</c>, or <c>flushes</c> (flush + both barriers).</param>
/// <param name="Count">Completed requests.</param>
/// <param name="MinNs">Smallest.</param>
/// <param name="MeanNs">Mean.</param>
/// <param name="P50Ns">Median.</param>
/// <param name="P90Ns">90th percentile.</param>
/// <param name="P99Ns">99th percentile.</param>
/// <param name="P999Ns">99.9th percentile.</param>
/// <param name="MaxNs">Largest.</param>
/// <param name="Cdf">CDF points for charts.</param>
public sealed record LatencySummary(string Name, long Count, long MinNs, double MeanNs, long P50Ns, long P90Ns, long P99Ns, long P999Ns, long MaxNs, IReadOnlyList<CdfPoint> Cdf)
{
    /// <summary>The summary of a histogram.</summary>
    public static LatencySummary From(string name, LatencyHistogram h, int cdfPoints = 256)
    {
        ArgumentNullException.ThrowIfNull(h);
        return h.Count == 0
            ? new LatencySummary(name, 0, 0, 0, 0, 0, 0, 0, 0, [])
            : new LatencySummary(name, h.Count, h.Min, h.Mean, h.ValueAtPercentile(5000), h.ValueAtPercentile(9000), h.ValueAtPercentile(9900), h.ValueAtPercentile(9990), h.Max, h.Cdf(cdfPoints));
    }
}
