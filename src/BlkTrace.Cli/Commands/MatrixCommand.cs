using System.CommandLine;
using System.Globalization;
using System.Text;
using BlkTrace.Backend.Profiles;
using BlkTrace.Replay;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt matrix TRACE -o DIR</c>: replays a trace under every strategy against every profile
/// (in-process backends), one replay directory per pair plus <c>matrix.json</c>, and prints what
/// became of the flush intents in each cell.
/// </summary>
public static class MatrixCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var trace = new Argument<string>("trace") { Description = "the captured trace: a Parquet file or a directory of segments" };
        var strategies = new Option<string>("--strategies") { Description = "comma-separated strategies (default: all: " + string.Join(",", ReplayStrategies.Names) + ")" };
        var profiles = new Option<string>("--profiles") { Description = "comma-separated backend profiles (default: the eight of spec/blkif.md §5)" };
        var store = new Option<string>("--store")
        {
            Description = "store of every pair: null, mem[,cache] or file (an image per pair); sizes default to the trace's disk",
            DefaultValueFactory = _ => "mem,cache",
        };
        var output = new Option<string>("--output", "-o") { Description = "matrix directory", Required = true };
        var shared = new ReplayOptionsBinder(TimingMode.Afap);
        var command = new Command("matrix", "Replay a trace under every strategy × backend profile pair; write one replay directory per pair and matrix.json.")
        {
            trace, strategies, profiles, store, output,
        };
        shared.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var options = new MatrixOptions
            {
                Strategies = List(parse.GetValue(strategies)) ?? ReplayStrategies.Names,
                Profiles = List(parse.GetValue(profiles)) ?? [.. BackendProfiles.All.Select(p => p.Name)],
                Store = parse.GetValue(store)!,
                Replay = shared.Bind(parse, ReplayStrategies.Auto),
            };
            return Task.FromResult(Run(parse.GetValue(trace)!, options, parse.GetValue(output)!, cancel));
        });
        return command;
    }

    /// <summary>A plain-text table: strategies down, profiles across, each cell what the flush intents were told.</summary>
    public static string Table(MatrixResult matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var inv = CultureInfo.InvariantCulture;
        int first = Math.Max(8, matrix.Strategies.Max(s => s.Length));
        var cells = matrix.Cells.ToDictionary(c => (c.Strategy, c.Profile), Cell);
        int width = Math.Max(10, Math.Max(matrix.Profiles.Max(p => p.Length), cells.Values.Max(c => c.Length)));
        var b = new StringBuilder();
        b.Append("flush intents".PadRight(first));
        foreach (string p in matrix.Profiles)
        {
            b.Append("  ").Append(p.PadRight(width));
        }

        b.AppendLine();
        foreach (string s in matrix.Strategies)
        {
            b.Append(s.PadRight(first));
            foreach (string p in matrix.Profiles)
            {
                b.Append("  ").Append(cells[(s, p)].PadRight(width));
            }

            b.AppendLine();
        }

        b.Append(inv, $"ok: told OKAY after an OKAY from the ring; ok*: told OKAY without one (write-through: nothing to send, its writes are barriers; otherwise a failure hidden or flushing given up — the guest believes in durability it may not have); err/nsup: told ERROR/EOPNOTSUPP; +B: extra bytes written; !N: bad sectors read back.");
        return b.ToString();
    }

    private static string Cell(MatrixCell c)
    {
        var parts = new List<string>();
        long okTrue = c.FlushesToldOkay - c.FlushesOkayWithoutRingOkay;
        if (okTrue > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"ok {okTrue}"));
        }

        if (c.FlushesOkayWithoutRingOkay > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"ok* {c.FlushesOkayWithoutRingOkay}"));
        }

        if (c.FlushesToldError > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"err {c.FlushesToldError}"));
        }

        if (c.FlushesToldNotSupported > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"nsup {c.FlushesToldNotSupported}"));
        }

        if (c.ExtraBytesWritten > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"+{c.ExtraBytesWritten}B"));
        }

        if (c.VerificationFailures > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"!{c.VerificationFailures}"));
        }

        return parts.Count == 0 ? "-" : string.Join(' ', parts);
    }

    private static string[]? List(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Run(string tracePath, MatrixOptions options, string directory, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        options.Validate();
        var source = IntentLifter.Lift(tracePath);
        int total = options.Strategies.Count * options.Profiles.Count;
        var matrix = ProgressDisplay.Run($"matrix: {total} pairs", report =>
            MatrixRunner.Run(source, options, directory, p =>
            {
                double inPair = p.Current.Total == 0 ? 0 : (double)p.Current.Finished / p.Current.Total;
                string cut = p.Current.Truncated && p.Done < p.Total ? string.Create(CultureInfo.InvariantCulture, $" (time budget reached: source cut at intent {p.Current.Total})") : "";
                report((p.Done + (p.Done < p.Total ? inPair : 0)) / p.Total, string.Create(CultureInfo.InvariantCulture, $"pair {Math.Min(p.Done + 1, p.Total)}/{p.Total}: {p.Strategy} × {p.Profile}{cut}"));
            }, signals.Token));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blkt matrix: {Path.GetFileName(source.Path)}: {matrix.Cells.Count} pairs in {matrix.ElapsedSeconds:0.#} s ({options.Replay.Timing.ToString().ToLowerInvariant()} timing, store {options.Store}); results in {Path.GetFullPath(directory)}"));
        int truncated = matrix.Cells.Count(c => c.Truncated is not null);
        if (truncated > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time budget {options.Replay.TimeBudget!.Value.TotalSeconds:0.###} s per pair: {truncated} of {matrix.Cells.Count} pairs were cut short (matrix.json: truncated; each summary.json: truncated)"));
        }

        Console.WriteLine(Table(matrix));
        return ExitCodes.Ok;
    }
}
