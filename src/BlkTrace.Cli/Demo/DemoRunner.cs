using System.Diagnostics;
using System.Globalization;
using BlkTrace.Analysis.Compare;
using BlkTrace.Analysis.Durability;
using BlkTrace.Charts;
using BlkTrace.Charts.Adapters;
using BlkTrace.Replay;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// <c>blkt demo</c> end to end: capture (two processes), replay matrix, analysis with crash
/// exploration, comparison tables, charts, report. Reports progress as a fraction of the whole.
/// </summary>
public static class DemoRunner
{
    /// <summary>What the demo wrote.</summary>
    /// <param name="Directory">The output directory (full path).</param>
    /// <param name="Report">The report's path.</param>
    /// <param name="Analysis">The analysed matrix.</param>
    /// <param name="Files">Every file written at the top level and in charts/ (replays and capture excepted).</param>
    /// <param name="Seconds">Wall-clock seconds.</param>
    public sealed record Result(string Directory, string Report, MatrixAnalysis Analysis, IReadOnlyList<string> Files, double Seconds);

    /// <summary>How the demo runs.</summary>
    public sealed record Options
    {
        /// <summary>The workload captured.</summary>
        public DemoWorkload Workload { get; init; } = new();

        /// <summary>The profile the per-strategy charts and the cost table use.</summary>
        public string ReferenceProfile { get; init; } = "linux";

        /// <summary>Chart pixel size.</summary>
        public ChartSize ChartSize { get; init; } = ChartSize.Default;

        /// <summary>Replace a non-empty directory that is not a demo output (demo entries only).</summary>
        public bool Force { get; init; }
    }

    /// <summary>Runs the demo into <paramref name="directory"/>.</summary>
    public static Result Run(string directory, Options options, Action<double, string> report, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        string dir = DemoOutput.Prepare(directory, options.Force);
        var total = Stopwatch.StartNew();
        var stage = Stopwatch.StartNew();
        var timings = new List<(string, double)>();

        string captureDir = Path.Combine(dir, DemoOutput.Capture);
        var capture = DemoCapture.Run(captureDir, options.Workload, (f, text) => report(0.12 * f, text), cancel);
        timings.Add(("capture", Lap(stage)));

        string replays = Path.Combine(dir, DemoOutput.Replays);
        var matrixOptions = new MatrixOptions { Replay = new MatrixOptions().Replay with { Seed = (ulong)options.Workload.Seed } };
        MatrixRunner.Run(captureDir, matrixOptions, replays, p =>
        {
            double inPair = p.Current.Total == 0 ? 0 : (double)p.Current.Finished / p.Current.Total;
            double f = (p.Done + (p.Done < p.Total ? inPair : 0)) / p.Total;
            report(0.12 + (0.58 * f), string.Create(CultureInfo.InvariantCulture, $"replay {Math.Min(p.Done + 1, p.Total)}/{p.Total}: {p.Strategy} × {p.Profile}"));
        }, cancel);
        timings.Add(("replay matrix", Lap(stage)));

        var crash = new CrashExplorationOptions { Seed = (ulong)options.Workload.Seed };
        var analysis = MatrixAnalysis.Run(replays, crash, (done, n, name) =>
            report(0.70 + (0.22 * done / Math.Max(1, n)), string.Create(CultureInfo.InvariantCulture, $"analyse {Math.Min(done + 1, n)}/{n}: {name} (ring checks, crash states)")), cancel);
        timings.Add(("analysis", Lap(stage)));

        var files = new List<string>();
        foreach (var (name, format) in new[] { ("matrix.md", ComparisonFormat.Markdown), ("matrix.csv", ComparisonFormat.Csv), ("matrix.json", ComparisonFormat.Json) })
        {
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, ComparisonTable.Format(analysis.Rows, format));
            files.Add(path);
        }

        report(0.93, "charts");
        string charts = Path.Combine(dir, DemoOutput.Charts);
        string reference = analysis.Matrix.Profiles.Contains(options.ReferenceProfile) ? options.ReferenceProfile : analysis.Matrix.Profiles[0];
        ChartFormat[] formats = [ChartFormat.Png, ChartFormat.Svg];
        files.AddRange(ChartSet.WriteMatrix(charts, analysis.Rows, analysis.Matrix.Strategies, analysis.Matrix.Profiles, formats, options.ChartSize));
        files.AddRange(ChartSet.WriteSeries(charts, "replays against " + reference, analysis.AgainstProfile(reference), formats, options.ChartSize));
        timings.Add(("charts", Lap(stage)));

        string reportPath = Path.Combine(dir, DemoReport.FileName);
        var relative = files.Where(f => f.StartsWith(charts, StringComparison.Ordinal)).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).ToList();
        File.WriteAllText(reportPath, DemoReport.Build(new DemoReport.Input(analysis, capture, reference, relative, timings)));
        files.Add(reportPath);
        report(1, "done");
        return new Result(dir, reportPath, analysis, files, total.Elapsed.TotalSeconds);
    }

    private static double Lap(Stopwatch watch)
    {
        double s = watch.Elapsed.TotalSeconds;
        watch.Restart();
        return s;
    }
}
