using ScottPlot;

namespace BlkTrace.Charts;

/// <summary>Lines over a shared x axis: throughput over time per strategy, queue depth over time.</summary>
public static class LineChart
{
    /// <summary>Builds the plot; one line per series, in legend order.</summary>
    public static Plot Build(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool stepped = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartRenderer.NewPlot(title, xLabel, yLabel);
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var line = plot.Add.ScatterLine(s.X.ToArray(), s.Y.ToArray(), ChartRenderer.SeriesColor(i));
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.ConnectStyle = stepped ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;
        }

        plot.Axes.Margins(bottom: 0);
        if (series.Count > 0)
        {
            // Outside the data area, so it never covers the lines that run to the right edge.
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }
}
