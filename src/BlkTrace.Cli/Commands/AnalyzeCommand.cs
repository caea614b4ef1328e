using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Durability;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt analyze TRACE [--json]</c>: throughput, latency, queue depth, flushes, ring-level ordering
/// checks and protocol faults of a capture or replay; for a replay with an intent log on a
/// write-cache store, crash-state exploration too. TRACE is a trace file, a directory of segments,
/// or a replay result directory (<c>trace/</c> + <c>intents.parquet</c>).
/// </summary>
public static class AnalyzeCommand
{
    /// <summary><c>--bin</c> not given: <see cref="AnalyzerOptions.AutoBins"/>.</summary>
    private const long AutoBin = 0;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var trace = new Argument<string>("TRACE") { Description = "a trace file, a directory of segments, or a replay result directory" };
        var json = new Option<bool>("--json") { Description = "print the full result as JSON instead of the text report" };
        var bin = Duration("--bin", "time-series bin width (e.g. 1s, 100ms, 250us; default: 1 ms bins, doubled to at most 4096, regrouped to round widths in the text report)", AutoBin);
        var intents = new Option<string?>("--intents") { Description = "the replay's intent log (default: intents.parquet beside the trace)" };
        var noCrash = new Option<bool>("--no-crash") { Description = "skip crash-state exploration" };
        var seed = CliOptions.Count("--seed", "seed for crash points and crash-state draws", 1, 0);
        var points = CliOptions.Int("--crash-points", "random crash points beside every flush completion", 32, 0, 1_000_000);
        var states = CliOptions.Int("--max-states", "most crash states explored", 1024, 1, 100_000_000);
        var anyStore = new Option<bool>("--any-store") { Description = "explore crash states whatever the store (default: only mem:SIZE,cache replays)" };
        var storeFlushes = CliOptions.Choice("--store-flushes", "whether the trace records store flushes (flush-not-honoured needs them)", "auto", "auto", "yes", "no");
        var rows = CliOptions.Int("--series-rows", "time-series rows in the text report", AnalysisReport.DefaultSeriesRows, 0, int.MaxValue);
        var decoders = CliOptions.Int("--decoders", "threads decoding row groups ahead (0: one per core, at most 4)", 0, 0, 64);
        var command = new Command("analyze", "Throughput, latency, queue depth, flushes, ordering checks and protocol faults of a trace; crash states of a replay.")
        {
            trace, json, bin, intents, noCrash, seed, points, states, anyStore, storeFlushes, rows, decoders,
        };
        command.SetAction((parse, cancel) =>
        {
            var input = ReplayInput.Resolve(parse.GetValue(trace)!, parse.GetValue(intents));
            var options = new AnalyzerOptions
            {
                BinNs = parse.GetValue(bin) is AutoBin ? AnalyzerOptions.AutoBins.BinNs : parse.GetValue(bin),
                MaxBins = parse.GetValue(bin) is AutoBin ? AnalyzerOptions.AutoBins.MaxBins : new AnalyzerOptions().MaxBins,
                StoreFlushesRecorded = parse.GetValue(storeFlushes) switch { "yes" => true, "no" => false, _ => null },
                Decoders = parse.GetValue(decoders),
            };
            var crash = parse.GetValue(noCrash) ? null : new CrashExplorationOptions
            {
                Seed = (ulong)parse.GetValue(seed),
                RandomPoints = parse.GetValue(points),
                MaxStates = parse.GetValue(states),
                RequireWriteCacheModel = !parse.GetValue(anyStore),
            };
            var result = ScanProgress.Run("analyze", input.Name, p => ReplayAnalysis.Run(input, options, crash, p, cancel));
            Console.Out.Write(parse.GetValue(json) ? AnalysisJson.Serialize(result) + "\n" : AnalysisReport.Format(result, parse.GetValue(rows)));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>A duration option in ns: digits with a unit (ns, us, ms, s); a bare number is seconds.</summary>
    public static Option<long> Duration(string name, string description, long defaultNs) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultNs,
            CustomParser = result => ParseDuration(result, name),
        };

    /// <summary>Parses <c>100ms</c>, <c>2s</c>, <c>250us</c>, <c>500ns</c>, <c>1.5s</c>; false for anything else or ≤ 0.</summary>
    public static bool TryParseDuration(string text, out long ns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ns = 0;
        string t = text.Trim();
        (string Suffix, double Scale)[] units = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)];
        double scale = 1e9;
        foreach (var (suffix, s) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                scale = s;
                t = t[..^suffix.Length];
                break;
            }
        }

        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || !(value * scale >= 1) || value * scale > long.MaxValue / 2.0)
        {
            return false;
        }

        ns = (long)Math.Round(value * scale);
        return true;
    }

    private static long ParseDuration(ArgumentResult result, string name)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!TryParseDuration(token, out long ns))
        {
            result.AddError($"{name}: '{token}' is not a duration (e.g. 1s, 100ms, 250us)");
            return 1;
        }

        return ns;
    }
}
