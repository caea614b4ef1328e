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
    /// ignored. NaN values leave a gap. <paramref name="logScale"/> draws values on a decade axis
    /// (latencies that span microseconds to tens of milliseconds); values ≤ 0 then leave a gap too.
    /// </summary>
    public static Plot Build(string title, string groupAxisLabel, string valueLabel, IReadOnlyList<string> groups, IReadOnlyList<ChartSeries> series, bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartRenderer.NewPlot(title, groupAxisLabel, valueLabel);
        double minLog = double.MaxValue;
        double maxLog = double.MinValue;
        foreach (var v in series.SelectMany(s => s.Y).Where(v => logScale && v > 0))
        {
            minLog = Math.Min(minLog, Math.Log10(v));
            maxLog = Math.Max(maxLog, Math.Log10(v));
        }

        int lowDecade = minLog <= maxLog ? (int)Math.Floor(minLog) : 0;
        int highDecade = minLog <= maxLog ? (int)Math.Ceiling(maxLog) : 1;
        highDecade = Math.Max(highDecade, lowDecade + 1);
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
                if (double.IsNaN(v) || (logScale && v <= 0))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = g - (groupWidth / 2) + (barWidth * (s + 0.5)),
                    Value = logScale ? Math.Log10(v) : v,
                    ValueBase = logScale ? lowDecade : 0,
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
        if (groups.Count > 0 && groups.Count * groups.Max(g => g.Length) > 100)
        {
            // Eight profile names side by side (linux-2.6.18, linux-2.6.18-2008) run into each other.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -20;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
            plot.Axes.Bottom.MinimumSize = 80;
        }

        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        if (logScale)
        {
            var decades = new ScottPlot.TickGenerators.NumericManual();
            for (int d = lowDecade; d <= highDecade; d++)
            {
                decades.AddMajor(d, Math.Pow(10, d).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture));
            }

            plot.Axes.Left.TickGenerator = decades;
            plot.Axes.SetLimitsY(lowDecade, highDecade);
        }

        if (series.Count > 0)
        {
            // Outside the data area: inside, the legend hides the tallest bars of the last group.
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }
}
