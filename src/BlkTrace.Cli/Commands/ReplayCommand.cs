using System.CommandLine;
using System.Globalization;
using System.Text;
using BlkTrace.Backend.Profiles;
using BlkTrace.Replay;
using BlkTrace.Replay.Output;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt replay TRACE</c>: lifts a captured trace into guest intents and re-drives them under a
/// barrier strategy against an in-process backend (profile × store) or a running <c>blkt backend</c>
/// (<c>--vbd</c>), writes the replay directory (trace/, intents.parquet, summary.json) and prints a
/// one-paragraph summary.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var trace = new Argument<string>("trace") { Description = "the captured trace: a Parquet file or a directory of segments" };
        var strategy = CliOptions.Choice("--strategy", "barrier strategy (design.md §5)", ReplayStrategies.Auto, [.. ReplayStrategies.Names]);
        var profile = CliOptions.Choice("--profile", "in-process backend profile (spec/blkif.md §5)", BackendProfiles.Linux.Name, [.. BackendProfiles.Names]);
        var store = new Option<string>("--store")
        {
            Description = "in-process store: null, mem[,cache] or file:PATH (sizes default to the trace's disk; an existing file needs --force)",
            DefaultValueFactory = _ => "mem,cache",
        };
        var vbd = new Option<string?>("--vbd") { Description = "replay against a running `blkt backend` through its vbd directory instead (its --trace is then the replay trace)" };
        var output = new Option<string?>("--output", "-o") { Description = "replay directory (default: replay-STRATEGY-PROFILE)" };
        var noHash = new Option<bool>("--no-hash-data") { Description = "do not record data_hash in the replay trace" };
        var shared = new ReplayOptionsBinder(TimingMode.Original);
        var command = new Command("replay", "Replay a captured trace under a barrier strategy against a backend; write trace, intent log and summary.")
        {
            trace, strategy, profile, store, vbd, output, noHash,
        };
        shared.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            string? vbdDir = parse.GetValue(vbd);
            if (vbdDir is not null && (parse.GetResult(profile) is { Implicit: false } || parse.GetResult(store) is { Implicit: false }))
            {
                throw new CliUsageException("--vbd: the backend behind a vbd directory has its own profile and store; drop --profile/--store");
            }

            var options = shared.Bind(parse, parse.GetValue(strategy)!);
            var target = vbdDir is not null
                ? ReplayTarget.Vbd(vbdDir)
                : ReplayTarget.InProcessBackend(BackendProfiles.ByName(parse.GetValue(profile)!), parse.GetValue(store)!) with { HashData = !parse.GetValue(noHash) };
            string dir = parse.GetValue(output) ?? ReplayRunner.DefaultOutputDirectory(options.Strategy, target);
            return Task.FromResult(Run(parse.GetValue(trace)!, target, options, dir, cancel));
        });
        return command;
    }

    /// <summary>The one-paragraph summary printed at the end of a replay.</summary>
    public static string Paragraph(ReplaySummary s, string directory)
    {
        ArgumentNullException.ThrowIfNull(s);
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var lat = s.LatencyUs["all"];
        string target = s.Target.Kind == "vbd" ? "vbd " + s.Target.Vbd : $"{s.Target.Profile} × {s.Target.Store}";
        b.Append(inv, $"blkt replay: {Path.GetFileName(s.Source.Path)} under {s.Strategy} ({s.StrategyDetail}) against {target}, {s.Timing.Mode} timing: ");
        b.Append(inv, $"{s.Intents.Completed:N0} of {s.Intents.Workload:N0} intents in {s.DurationNs / 1e9:0.###} s (source {s.Source.DurationNs / 1e9:0.###} s; {s.Throughput.Iops:N0} IOPS, {s.Throughput.ReadMBps + s.Throughput.WriteMBps:0.##} MB/s), latency p50 {Time(lat.P50)}, p99 {Time(lat.P99)} (source: p50 {Time(s.Fidelity.SourceLatencyUs.P50)}, p99 {Time(s.Fidelity.SourceLatencyUs.P99)}). ");
        if (s.Flushes.Total > 0)
        {
            b.Append(inv, $"{s.Flushes.Total:N0} flush intents: ");
            b.Append(string.Join("; ", s.Flushes.Fates.Take(3).Select(f => string.Create(inv, $"{f.Count:N0} became {f.Became} → {f.RingStatus}, told {f.GuestStatus}"))));
            b.Append(inv, $"{(s.Flushes.ToldOkayWithoutRingOkay > 0 ? $" — {s.Flushes.ToldOkayWithoutRingOkay:N0} told OKAY without an OKAY from the ring" : string.Empty)}. ");
        }
        else
        {
            b.Append("No flush intents. ");
        }

        if (s.DurableWrites.Total > 0)
        {
            b.Append(inv, $"{s.DurableWrites.Total:N0} durable-ordered writes, {s.DurableWrites.ToldError:N0} told ERROR. ");
        }

        if (s.ExtraBytesWritten > 0)
        {
            b.Append(inv, $"The strategy wrote {s.ExtraBytesWritten:N0} extra bytes in {s.ExtraRingRequests:N0} requests. ");
        }

        b.Append(inv, $"Guest errors {s.Errors.GuestErrors:N0}, not supported {s.Errors.GuestNotSupported:N0}. ");
        b.Append(s.Verification.Enabled
            ? s.Verification.ReadsChecked == 0 ? "Verification: no read to check. " : string.Create(inv, $"Verification: {s.Verification.ReadsChecked:N0} reads, {s.Verification.Failures:N0} bad sectors{(s.Verification.Failures > 0 ? " (" + string.Join(", ", s.Verification.ByKind.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value:N0}")) + ")" : string.Empty)}. ")
            : $"Verification off ({s.Verification.Why}). ");
        if (s.Fidelity.IssueErrorUs is { } e)
        {
            b.Append(inv, $"Issue-time error p50 {Time(e.P50)}, p99 {Time(e.P99)}, max {Time(e.Max)}. ");
        }

        if (s.Errors.Abandoned is { } why)
        {
            b.Append("Stopped early: ").Append(why).Append(". ");
        }

        b.Append("Output: ").Append(directory);
        return b.ToString();
    }

    /// <summary>A duration given in µs, in the unit a storage engineer reads at a glance: 812.5 µs, 7.30 ms, 1.44 s.</summary>
    internal static string Time(double us) => us switch
    {
        < 1_000 and > -1_000 => string.Create(CultureInfo.InvariantCulture, $"{us:0.#} µs"),
        < 1_000_000 and > -1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{us / 1e3:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{us / 1e6:0.00} s"),
    };

    private static int Run(string tracePath, ReplayTarget target, ReplayOptions options, string directory, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        var source = IntentLifter.Lift(tracePath);
        var result = ProgressDisplay.Run($"replay {options.Strategy} → {target}", report =>
            ReplayRunner.Run(source, target, options, directory, p => report(p.Total == 0 ? 0 : (double)p.Finished / p.Total, string.Create(CultureInfo.InvariantCulture, $"{p.Finished:N0} / {p.Total:N0} intents{(p.Truncated ? " (time budget reached: source cut here)" : "")}")), signals.Token));
        Console.WriteLine(Paragraph(result.Summary, result.Directory));
        if (result.Summary.Truncated is { } cut)
        {
            Console.WriteLine(cut.Reason);
        }

        return result.Summary.Errors.Abandoned is null || result.Summary.Errors.Abandoned == "cancelled" ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
