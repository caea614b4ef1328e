using System.CommandLine;
using System.Globalization;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Durability;
using BlkTrace.Charts;
using BlkTrace.Charts.Adapters;
using BlkTrace.Cli.Demo;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt chart INPUT... -o DIR [--format png|svg|both] [--width W --height H]</c>: draws the charts
/// of a replay matrix directory (<c>blkt matrix</c> or <c>blkt demo</c>'s <c>replays/</c>: heat maps
/// and IOPS bars over strategy × profile, plus the per-strategy charts against one profile) or of
/// traces and replay directories side by side (throughput and queue depth over time, latency CDF,
/// flush latency).
/// </summary>
public static class ChartCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT") { Description = "a matrix directory (has matrix.json), or traces / replay directories to draw side by side", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "directory to write the charts into", Required = true };
        var format = CliOptions.Choice("--format", "image format", "both", "png", "svg", "both");
        var width = CliOptions.Int("--width", "width in pixels", ChartSize.Default.Width, 200, 10_000);
        var height = CliOptions.Int("--height", "height in pixels", ChartSize.Default.Height, 200, 10_000);
        var profile = new Option<string?>("--profile") { Description = "for a matrix: the profile of the per-strategy charts (default: linux, else the first)" };
        var noCrash = new Option<bool>("--no-crash") { Description = "skip crash-state exploration (the durability heat map is then empty)" };
        var command = new Command("chart", "Draw PNG/SVG charts of a replay matrix or of traces side by side.")
        {
            inputs, output, format, width, height, profile, noCrash,
        };
        command.SetAction((parse, cancel) =>
        {
            ChartFormat[] formats = parse.GetValue(format) switch
            {
                "png" => [ChartFormat.Png],
                "svg" => [ChartFormat.Svg],
                _ => [ChartFormat.Png, ChartFormat.Svg],
            };
            var size = new ChartSize(parse.GetValue(width), parse.GetValue(height));
            var crash = parse.GetValue(noCrash) ? null : new CrashExplorationOptions();
            return Task.FromResult(Run(parse.GetValue(inputs)!, parse.GetValue(output)!, formats, size, parse.GetValue(profile), crash, cancel));
        });
        return command;
    }

    private static int Run(string[] inputs, string output, ChartFormat[] formats, ChartSize size, string? profile, CrashExplorationOptions? crash, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        IReadOnlyList<string> files;
        if (inputs.Length == 1 && Directory.Exists(inputs[0]) && MatrixAnalysis.IsMatrix(inputs[0]))
        {
            var analysis = ProgressDisplay.Run("chart", report => MatrixAnalysis.Run(inputs[0], crash, (done, n, name) =>
                report((double)done / Math.Max(1, n), string.Create(CultureInfo.InvariantCulture, $"analyse {Math.Min(done + 1, n)}/{n}: {name}")), signals.Token));
            var profiles = analysis.Matrix.Profiles;
            string reference = profile ?? (profiles.Contains("linux") ? "linux" : profiles[0]);
            if (!profiles.Contains(reference))
            {
                throw new CliUsageException($"--profile {reference}: not in the matrix ({string.Join(", ", profiles)})");
            }

            files =
            [
                .. ChartSet.WriteMatrix(output, analysis.Rows, analysis.Matrix.Strategies, profiles, formats, size),
                .. ChartSet.WriteSeries(output, "replays against " + reference, analysis.AgainstProfile(reference), formats, size),
            ];
        }
        else
        {
            var results = new List<LabelledResult>();
            foreach (string path in inputs)
            {
                var input = ReplayInput.Resolve(path);
                var result = ScanProgress.Run("chart", input.Name, p => ReplayAnalysis.Run(input, MatrixAnalysis.ChartAnalyzerOptions, crash, p, signals.Token));
                results.Add(new LabelledResult(Label(result, input.Name), result));
            }

            // Two inputs with the same label (same strategy, different profiles) fall back to their names.
            if (results.Select(r => r.Label).Distinct(StringComparer.Ordinal).Count() < results.Count)
            {
                results = [.. results.Select(r => r with { Label = r.Result.Trace.Name })];
            }

            files = ChartSet.WriteSeries(output, string.Empty, results, formats, size);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blkt chart: {files.Count} file(s) in {Path.GetFullPath(output)}"));
        foreach (string f in files)
        {
            Console.WriteLine("  " + Path.GetFileName(f));
        }

        return ExitCodes.Ok;
    }

    private static string Label(AnalysisResult result, string name) =>
        result.Trace.Strategy is { } s ? (result.Trace.Profile is { } p ? $"{s} × {p}" : s) : name;
}
