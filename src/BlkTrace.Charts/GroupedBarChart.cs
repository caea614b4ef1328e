using ScottPlot;

namespace BlkTrace.Charts;

/// <summary>
/// Bars grouped by category (a profile) with one bar per series (a strategy) in each group: IOPS of
/// every strategy against every backend, flush latency percentiles per strategy.
/// </summary>
public static class GroupedBarChart
{
    /// <summary>
    /// Builds the plot. <paramref name="series"/>[s].Y[g] is the value of series s in group g; X is
    /// ignored. NaN values leave a gap.
    /// </summary>
    public static Plot Build(string title, string groupAxisLabel, string valueLabel, IReadOnlyList<string> groups, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartRenderer.NewPlot(title, groupAxisLabel, valueLabel);
        int n = Math.Max(1, series.Count);
        double groupWidth = 0.8;
        double barWidth = groupWidth / n;
        var bars = new List<Bar>();
        for (int s = 0; s < series.Count; s++)
        {
            var color = ChartRenderer.SeriesColor(s);
            for (int g = 0; g < groups.Count && g < series[s].Y.Count; g++)
            {
                double v = series[s].Y[g];
                if (double.IsNaN(v))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = g - (groupWidth / 2) + (barWidth * (s + 0.5)),
                    Value = v,
                    Size = barWidth * 0.95,
                    FillColor = color,
                    LineWidth = 0,
                });
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Label, FillColor = color });
        }

        plot.Add.Bars(bars);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int g = 0; g < groups.Count; g++)
        {
            ticks.AddMajor(g, groups[g]);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        if (series.Count > 0)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        return plot;
    }
}
