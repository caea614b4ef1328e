using BlkTrace.Analysis;
using ScottPlot;

namespace BlkTrace.Charts.Adapters;

/// <summary>
/// Charts of analysed traces side by side, one line (or bar group) per trace: throughput and queue
/// depth over time, latency CDF, flush latency. They draw straight from <see cref="AnalysisResult"/>
/// (its time series, CDF points and latency rows), so anything <c>blkt analyze</c> read can be drawn.
/// </summary>
public static class AnalysisCharts
{
    /// <summary>Read + write MB/s per time bin, one line per result.</summary>
    public static Plot Throughput(string title, IReadOnlyList<LabelledResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (scale, unit) = TimeUnit(results);
        var series = results.Select(r => Series(r, scale, b => b.MBps, dropPartialLast: true)).ToList();
        return LineChart.Build(title, $"Time since start ({unit})", "Throughput (MB/s, read + write)", series);
    }

    /// <summary>Requests in flight (time-weighted mean per bin, all rings), one stepped line per result.</summary>
    public static Plot QueueDepth(string title, IReadOnlyList<LabelledResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (scale, unit) = TimeUnit(results);
        var series = results.Select(r => Series(r, scale, b => b.QueueDepthMean)).ToList();
        return LineChart.Build(title, $"Time since start ({unit})", "Queue depth (requests in flight, mean per bin)", series, stepped: true);
    }

    /// <summary>
    /// CDF of the latency of <paramref name="row"/> (<c>all</c> by default; <c>flushes</c> or a class
    /// name), one line per result; results with no such completions are left out of the legend.
    /// </summary>
    public static Plot LatencyCdf(string title, IReadOnlyList<LabelledResult> results, string row = TraceAnalyzer.AllLatency)
    {
        ArgumentNullException.ThrowIfNull(results);
        var series = new List<ChartSeries>();
        foreach (var r in results)
        {
            var latency = r.Result.LatencyOf(row);
            if (latency is null || latency.Count == 0 || latency.Cdf.Count == 0)
            {
                continue;
            }

            series.Add(new ChartSeries(r.Label, [.. latency.Cdf.Select(p => p.ValueNs / 1e3)], [.. latency.Cdf.Select(p => p.Fraction)]));
        }

        return CdfChart.Build(title, "Latency, request to response (µs, log scale)", series);
    }

    /// <summary>
    /// Flush latency (FLUSH_DISKCACHE and WRITE_BARRIER, request to response): median, p99 and max
    /// per result, as bars grouped by result on a log axis (a slow max would flatten the medians
    /// on a linear one). A result with no flushes shows no bars.
    /// </summary>
    public static Plot FlushLatency(string title, IReadOnlyList<LabelledResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var groups = results.Select(r => r.Label).ToList();
        var rows = results.Select(r => r.Result.LatencyOf(TraceAnalyzer.FlushLatency)).ToList();
        double[] Pick(Func<LatencySummary, double> f) => [.. rows.Select(l => l is { Count: > 0 } x ? f(x) : double.NaN)];
        var series = new List<ChartSeries>
        {
            new("median", Index(groups.Count), Pick(l => l.P50Ns / 1e3)),
            new("p99", Index(groups.Count), Pick(l => l.P99Ns / 1e3)),
            new("max", Index(groups.Count), Pick(l => l.MaxNs / 1e3)),
        };
        return GroupedBarChart.Build(title, "Replay strategy", "Flush latency, request to response (µs, log scale)", groups, series, logScale: true);
    }

    /// <summary>Seconds when the longest trace spans 10 s or more, else milliseconds (afap replays last well under a second).</summary>
    private static (double Scale, string Unit) TimeUnit(IReadOnlyList<LabelledResult> results)
    {
        long span = results.Count == 0 ? 0 : results.Max(r => r.Result.Series.Bins.Count * r.Result.Series.BinNs);
        return span >= 10_000_000_000 ? (1e-9, "s") : (1e-6, "ms");
    }

    /// <summary>
    /// One point per bin. Rates are per full bin width, so a last bin the trace covers for less than
    /// half its width would show a false drop at the end; <paramref name="dropPartialLast"/> leaves it out.
    /// </summary>
    private static ChartSeries Series(LabelledResult r, double scale, Func<TimeBin, double> value, bool dropPartialLast = false)
    {
        var bins = r.Result.Series.Bins;
        long binNs = r.Result.Series.BinNs;
        int count = bins.Count;
        if (dropPartialLast && count > 1 && r.Result.Trace.LastTsNs - bins[^1].StartNs < binNs / 2)
        {
            count--;
        }

        var x = new double[count];
        var y = new double[count];
        long origin = count > 0 ? bins[0].StartNs : 0;
        for (int i = 0; i < count; i++)
        {
            // Each bin is drawn at its middle, from the first bin's start, so traces line up at 0.
            x[i] = (bins[i].StartNs - origin + (binNs / 2.0)) * scale;
            y[i] = value(bins[i]);
        }

        return new ChartSeries(r.Label, x, y);
    }

    private static double[] Index(int n) => [.. Enumerable.Range(0, n).Select(i => (double)i)];
}
