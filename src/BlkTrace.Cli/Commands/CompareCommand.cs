using System.CommandLine;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Compare;
using BlkTrace.Analysis.Durability;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt compare RESULT... [--format text|md|csv|json]</c>: one table over many replay results
/// (strategy × profile) — IOPS, MB/s, p50/p99 latency, flush intents and their fate, extra bytes,
/// errors, ring-level violations and crash-state findings. A RESULT is a matrix directory from
/// <c>blkt matrix</c> (all its cells), a replay result directory (or its summary.json), a trace, or an
/// analysis JSON file from <c>blkt analyze --json</c>.
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var results = new Argument<string[]>("RESULT") { Description = "matrix directories (every cell), replay result directories, summary.json files, traces, or blkt analyze --json files", Arity = ArgumentArity.OneOrMore };
        var format = CliOptions.Choice("--format", "output format", "text", "text", "md", "csv", "json");
        var noCrash = new Option<bool>("--no-crash") { Description = "skip crash-state exploration" };
        var seed = CliOptions.Count("--seed", "seed for crash points and crash-state draws", 1, 0);
        var states = CliOptions.Int("--max-states", "most crash states explored per result", 1024, 1, 100_000_000);
        var bin = AnalyzeCommand.Duration("--bin", "time-series bin width", AnalyzerOptions.DefaultBinNs);
        var command = new Command("compare", "Compare replay results side by side: cost (IOPS, MB/s, latency, flushes, extra bytes) and safety (errors, violations, crash states).")
        {
            results, format, noCrash, seed, states, bin,
        };
        command.SetAction((parse, cancel) =>
        {
            var crash = parse.GetValue(noCrash) ? null : new CrashExplorationOptions { Seed = (ulong)parse.GetValue(seed), MaxStates = parse.GetValue(states) };
            var rows = ComparisonTable.Load(parse.GetValue(results)!, new AnalyzerOptions { BinNs = parse.GetValue(bin) }, crash,
                (name, work) => ScanProgress.Run("compare", name, work), cancel);
            var which = ComparisonTable.ParseFormat(parse.GetValue(format)!);
            Console.Out.Write(ComparisonTable.Format(rows, which));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
