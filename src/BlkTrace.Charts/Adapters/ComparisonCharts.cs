using BlkTrace.Analysis.Compare;
using ScottPlot;

namespace BlkTrace.Charts.Adapters;

/// <summary>
/// The strategy × profile matrix of <c>blkt compare</c> rows as pictures: heat maps of what went
/// wrong (crash states with a durability violation, ring-level violations, error responses) and
/// grouped bars of what it cost (IOPS). Rows are strategies, columns are backend profiles, in the
/// order given (or of first appearance).
/// </summary>
public static class ComparisonCharts
{
    /// <summary>Axis label of the strategy rows.</summary>
    public const string StrategyAxis = "Replay strategy (frontend)";

    /// <summary>Axis label of the profile columns.</summary>
    public const string ProfileAxis = "Backend profile";

    /// <summary>
    /// The matrix of one figure: <paramref name="value"/> of the row with that strategy and profile,
    /// NaN where there is none (or the figure is unknown).
    /// </summary>
    public static ChartMatrix Matrix(IReadOnlyList<ComparisonRow> rows, Func<ComparisonRow, double?> value, IReadOnlyList<string>? strategies = null, IReadOnlyList<string>? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(value);
        strategies ??= [.. rows.Select(r => r.Strategy).Distinct(StringComparer.Ordinal)];
        profiles ??= [.. rows.Select(r => r.Profile).Distinct(StringComparer.Ordinal)];
        var values = new double[strategies.Count, profiles.Count];
        for (int s = 0; s < strategies.Count; s++)
        {
            for (int p = 0; p < profiles.Count; p++)
            {
                var row = rows.FirstOrDefault(r => r.Strategy == strategies[s] && r.Profile == profiles[p]);
                values[s, p] = row is not null && value(row) is { } v ? v : double.NaN;
            }
        }

        return new ChartMatrix(strategies, profiles, values);
    }

    /// <summary>Percent of explored crash states that lost a write the guest was told was durable, or broke barrier order, or reverted data.</summary>
    public static Plot DurabilityViolations(string title, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<string>? strategies = null, IReadOnlyList<string>? profiles = null) =>
        HeatmapChart.Build(title, StrategyAxis, ProfileAxis, "Crash states with a durability violation (%)", Matrix(rows, DurabilityPercent, strategies, profiles));

    /// <summary>Ring-level violations (barrier overtaken, flush failed, flush not honoured, protocol faults) per pair.</summary>
    public static Plot RingViolations(string title, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<string>? strategies = null, IReadOnlyList<string>? profiles = null) =>
        HeatmapChart.Build(title, StrategyAxis, ProfileAxis, "Ring-level violations (count)", Matrix(rows, r => r.RingViolations, strategies, profiles));

    /// <summary>Responses other than OKAY per pair.</summary>
    public static Plot Errors(string title, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<string>? strategies = null, IReadOnlyList<string>? profiles = null) =>
        HeatmapChart.Build(title, StrategyAxis, ProfileAxis, "Responses other than OKAY (count)", Matrix(rows, r => r.RingErrors, strategies, profiles));

    /// <summary>IOPS per pair: bars grouped by profile, one bar per strategy.</summary>
    public static Plot Iops(string title, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<string>? strategies = null, IReadOnlyList<string>? profiles = null)
    {
        var m = Matrix(rows, r => r.Iops, strategies, profiles);
        var series = new List<ChartSeries>();
        for (int s = 0; s < m.Rows.Count; s++)
        {
            var y = new double[m.Columns.Count];
            for (int p = 0; p < y.Length; p++)
            {
                y[p] = m[s, p];
            }

            series.Add(new ChartSeries(m.Rows[s], [.. Enumerable.Range(0, y.Length).Select(i => (double)i)], y));
        }

        return GroupedBarChart.Build(title, ProfileAxis, "Requests per second (IOPS)", m.Columns, series);
    }

    /// <summary>Bad crash states as a percentage of those explored; null when not explored.</summary>
    public static double? DurabilityPercent(ComparisonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.DurabilityStates is > 0 and var n ? Math.Round(100.0 * (row.DurabilityViolations ?? 0) / n, 1) : null;
    }
}
