using BlkTrace.Analysis.Compare;
using ScottPlot;

namespace BlkTrace.Charts.Adapters;

/// <summary>
/// Writes the standard charts of a comparison into a directory, in every format asked for: what
/// <c>blkt chart</c> and <c>blkt demo</c> produce. File names are fixed (<see cref="SeriesCharts"/>,
/// <see cref="MatrixCharts"/>) so reports can link them.
/// </summary>
public static class ChartSet
{
    /// <summary>Base names of the per-trace charts (one line or bar group per trace).</summary>
    public static IReadOnlyList<string> SeriesCharts { get; } = ["throughput", "latency-cdf", "queue-depth", "flush-latency"];

    /// <summary>Base names of the strategy × profile charts.</summary>
    public static IReadOnlyList<string> MatrixCharts { get; } = ["matrix-durability", "matrix-ring-violations", "matrix-errors", "matrix-iops"];

    /// <summary>The file extension of a format, with its dot.</summary>
    public static string Extension(ChartFormat format) => format == ChartFormat.Png ? ".png" : ".svg";

    /// <summary>
    /// Throughput over time, latency CDF, queue depth over time and flush latency of
    /// <paramref name="results"/>; <paramref name="context"/> ends each title (e.g. "replays against linux").
    /// Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> WriteSeries(string directory, string context, IReadOnlyList<LabelledResult> results, IReadOnlyList<ChartFormat> formats, ChartSize size)
    {
        ArgumentNullException.ThrowIfNull(results);
        string suffix = string.IsNullOrEmpty(context) ? string.Empty : $" ({context})";
        return Write(directory, formats, size,
        [
            ("throughput", () => AnalysisCharts.Throughput("Throughput over time" + suffix, results)),
            ("latency-cdf", () => AnalysisCharts.LatencyCdf("Latency CDF, every request" + suffix, results)),
            ("queue-depth", () => AnalysisCharts.QueueDepth("Queue depth over time" + suffix, results)),
            ("flush-latency", () => AnalysisCharts.FlushLatency("Flush and barrier latency" + suffix, results)),
        ]);
    }

    /// <summary>
    /// The strategy × profile heat maps (durability, ring violations, errors) and IOPS bars of
    /// <paramref name="rows"/>, in the given row and column order. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> WriteMatrix(string directory, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<string>? strategies, IReadOnlyList<string>? profiles, IReadOnlyList<ChartFormat> formats, ChartSize size)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Write(directory, formats, size,
        [
            ("matrix-durability", () => ComparisonCharts.DurabilityViolations("Durability: crash states that lost acknowledged data", rows, strategies, profiles)),
            ("matrix-ring-violations", () => ComparisonCharts.RingViolations("Ring-level ordering and flush violations", rows, strategies, profiles)),
            ("matrix-errors", () => ComparisonCharts.Errors("Error responses (ERROR / EOPNOTSUPP)", rows, strategies, profiles)),
            ("matrix-iops", () => ComparisonCharts.Iops("IOPS per strategy and backend profile (as-fast-as-possible replay)", rows, strategies, profiles)),
        ]);
    }

    private static List<string> Write(string directory, IReadOnlyList<ChartFormat> formats, ChartSize size, (string Name, Func<Plot> Build)[] charts)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(formats);
        var written = new List<string>();
        foreach (var (name, build) in charts)
        {
            var plot = build();
            foreach (var format in formats)
            {
                string path = Path.Combine(directory, name + Extension(format));
                ChartRenderer.Save(plot, path, format, size);
                written.Add(path);
            }
        }

        return written;
    }
}
