using System.Globalization;
using ScottPlot;

namespace BlkTrace.Charts;

/// <summary>
/// Cumulative distributions of latency, one line per series, on a logarithmic time axis (latency
/// spans microseconds to milliseconds, and the tail is what users compare).
/// </summary>
public static class CdfChart
{
    /// <summary>
    /// Builds the plot from CDF points: X = latency in microseconds (positive), Y = fraction of
    /// requests at or below it (0..1).
    /// </summary>
    public static Plot Build(string title, string xLabel, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartRenderer.NewPlot(title, xLabel, "Fraction of requests ≤ latency");
        double minLog = double.MaxValue;
        double maxLog = double.MinValue;
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var xs = new double[s.X.Count];
            for (int k = 0; k < xs.Length; k++)
            {
                xs[k] = Math.Log10(Math.Max(s.X[k], 0.01));
                minLog = Math.Min(minLog, xs[k]);
                maxLog = Math.Max(maxLog, xs[k]);
            }

            var line = plot.Add.ScatterLine(xs, s.Y.ToArray(), ChartRenderer.SeriesColor(i));
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }

        // Ticks at whole decades, labelled in real units.
        if (minLog <= maxLog)
        {
            int lo = (int)Math.Floor(minLog);
            int hi = (int)Math.Ceiling(maxLog);
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (int d = lo; d <= hi; d++)
            {
                ticks.AddMajor(d, Math.Pow(10, d).ToString("#,0.##", CultureInfo.InvariantCulture));
            }

            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.SetLimitsX(lo, hi);
        }

        plot.Axes.SetLimitsY(0, 1.02);
        if (series.Count > 0)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        return plot;
    }

    /// <summary>CDF points from a sorted list of latencies (ascending), thinned to at most <paramref name="maxPoints"/>.</summary>
    public static ChartSeries FromSorted(string label, IReadOnlyList<double> sortedLatencies, int maxPoints = 2000)
    {
        ArgumentNullException.ThrowIfNull(sortedLatencies);
        int n = sortedLatencies.Count;
        int step = Math.Max(1, n / maxPoints);
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < n; i += step)
        {
            x.Add(sortedLatencies[i]);
            y.Add((i + 1) / (double)n);
        }

        if (n > 0 && (x.Count == 0 || y[^1] < 1))
        {
            x.Add(sortedLatencies[n - 1]);
            y.Add(1);
        }

        return new ChartSeries(label, x, y);
    }
}
