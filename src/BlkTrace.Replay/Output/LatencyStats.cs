namespace BlkTrace.Replay.Output;

/// <summary>Distribution of a set of values (µs unless a field says otherwise): count, mean, percentiles, max.</summary>
/// <param name="Count">Values.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P50">Median (nearest rank).</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="P999">99.9th percentile.</param>
/// <param name="Max">Largest.</param>
public sealed record LatencyStats(long Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>No values.</summary>
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Computes the statistics of <paramref name="values"/> (sorted in place).</summary>
    public static LatencyStats Of(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        values.Sort();
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return new LatencyStats(values.Length, Round(sum / values.Length), Rank(values, 0.50), Rank(values, 0.90), Rank(values, 0.99), Rank(values, 0.999), Round(values[^1]));
    }

    private static double Rank(ReadOnlySpan<double> sorted, double q)
    {
        int index = (int)Math.Ceiling(q * sorted.Length) - 1;
        return Round(sorted[Math.Clamp(index, 0, sorted.Length - 1)]);
    }

    private static double Round(double v) => Math.Round(v, 3, MidpointRounding.AwayFromZero);
}
