namespace BlkTrace.Analysis;

/// <summary>One point of a latency CDF: the fraction of requests that took at most <paramref name="ValueNs"/>.</summary>
/// <param name="ValueNs">Latency in ns (a bucket's highest value).</param>
/// <param name="Fraction">Cumulative fraction in (0, 1].</param>
public sealed record CdfPoint(long ValueNs, double Fraction);
