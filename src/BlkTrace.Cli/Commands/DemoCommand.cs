using System.CommandLine;
using System.Globalization;
using BlkTrace.Charts;
using BlkTrace.Cli.Demo;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt demo [-o DIR]</c>: the main job with nothing to prepare. Captures a generated workload
/// through a <c>blkt backend</c> child with the tap on, replays it under every strategy against every
/// backend profile, analyses each replay (with crash states), and writes the comparison matrix
/// (Markdown, CSV, JSON), the charts and a report with the findings.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "output directory (refused when it holds anything but a previous demo output, unless --force)",
            DefaultValueFactory = _ => DemoOutput.DefaultDirectory,
        };
        var force = new Option<bool>("--force") { Description = "write into a non-empty directory that is not a demo output (only the demo's own entries are replaced)" };
        var requests = CliOptions.Count("--requests", "requests in the captured workload (the whole demo scales with it)", 2400, 100);
        var seed = CliOptions.Int("--seed", "seed of the workload, the replays and the crash states", 1, 1, int.MaxValue);
        var profile = new Option<string>("--chart-profile")
        {
            Description = "backend profile of the per-strategy charts and the cost table",
            DefaultValueFactory = _ => "linux",
        };
        var width = CliOptions.Int("--width", "chart width in pixels", ChartSize.Default.Width, 200, 10_000);
        var height = CliOptions.Int("--height", "chart height in pixels", ChartSize.Default.Height, 200, 10_000);
        var command = new Command("demo", "Capture a generated workload through a real backend, replay it under every strategy × backend profile, and write the matrix, charts and a findings report.")
        {
            output, force, requests, seed, profile, width, height,
        };
        command.SetAction((parse, cancel) =>
        {
            var options = new DemoRunner.Options
            {
                Workload = new DemoWorkload { Requests = parse.GetValue(requests), Seed = parse.GetValue(seed) },
                ReferenceProfile = parse.GetValue(profile)!,
                ChartSize = new ChartSize(parse.GetValue(width), parse.GetValue(height)),
                Force = parse.GetValue(force),
            };
            _ = Backend.Profiles.BackendProfiles.ByName(options.ReferenceProfile);
            return Task.FromResult(Run(parse.GetValue(output)!, options, cancel));
        });
        return command;
    }

    private static int Run(string directory, DemoRunner.Options options, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blkt demo: {options.Workload.Requests:N0}-request workload → capture → 7 strategies × 8 backend profiles → analysis → charts, into {Path.GetFullPath(directory)}"));
        var result = ProgressDisplay.Run("demo", report => DemoRunner.Run(directory, options, report, signals.Token));
        var m = result.Analysis.Matrix;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blkt demo: {m.Cells.Count} replays analysed in {result.Seconds:0.0} s"));
        foreach (var cell in m.Cells)
        {
            if (PairVerdicts.Of(cell, result.Analysis.Row(cell.Strategy, cell.Profile)) == PairVerdict.LosesData)
            {
                Console.WriteLine($"  loses acknowledged data: {cell.Strategy} against {cell.Profile} ({cell.FlushBecame})");
            }
        }

        Console.WriteLine("blkt demo: report " + result.Report);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blkt demo: {result.Files.Count} files: matrix.md/.csv/.json, charts/ (PNG and SVG), report.md; replays/ and capture/ hold the traces"));
        return ExitCodes.Ok;
    }
}
