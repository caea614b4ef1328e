using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BlkTrace.Cli;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Transport.Xen;
using BlkTrace.Protocol.XenStore;
using BlkTrace.Replay;
using BlkTrace.Replay.Output;
using BlkTrace.Replay.Source;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Dom0;

/// <summary>
/// <c>replay-guest TRACE --label NAME</c>: inside a Xen PV guest without xen-blkfront, replays a captured
/// trace under every strategy (or <c>--strategies</c>) against the real backend of this guest's disk
/// through <see cref="XenFrontendTransport"/>, one connection per strategy, as fast as possible. The
/// guest has no share with the host, so each summary goes out on the console: a <c>REPLAY:</c> line and
/// the whole summary.json gzip'ed in base64 <c>REPLAY-JSON</c> lines, which tests/XenLab puts back
/// together on the host.
/// </summary>
public static class GuestReplayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var trace = new Argument<string>("trace") { Description = "the captured trace (Parquet file or directory)" };
        var label = new Option<string>("--label") { Description = "the backend's name in the output", DefaultValueFactory = _ => "xen" };
        var dev = CliOptions.Int("--dev", "the virtual device number (51712 = xvda)", 51712, 1, int.MaxValue);
        var strategies = new Option<string?>("--strategies") { Description = "comma-separated strategies (default: all)" };
        var vbd = new Option<string?>("--vbd") { Description = "a running backend's vbd directory instead of Xen (the host's check of this program)" };
        var output = new Option<string>("--output") { Description = "directory for the replay directories", DefaultValueFactory = _ => "/tmp/replay" };
        var command = new Command("replay-guest", "Inside a Xen guest without xen-blkfront: replay a trace under every strategy against this guest's real backend; print the summaries.")
        {
            trace, label, dev, strategies, vbd, output,
        };
        command.SetAction((parse, ct) =>
        {
            string name = parse.GetValue(label)!;
            uint device = (uint)parse.GetValue(dev);
            var names = parse.GetValue(strategies) is { } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [.. ReplayStrategies.Names];
            var source = IntentLifter.Lift(parse.GetValue(trace)!);
            string? vbdDir = parse.GetValue(vbd);
            var target = vbdDir is null
                ? ReplayTarget.Transport("xen", () => XenFrontendTransport.Open(device))
                : ReplayTarget.Transport("vbd", () => VbdDirectory.OpenFrontend(vbdDir));
            int failed = 0;
            foreach (string strategy in names)
            {
                if (vbdDir is null)
                {
                    WaitUntilBackendIdle(device, TimeSpan.FromSeconds(120), ct);
                }

                string dir = Path.Combine(parse.GetValue(output)!, strategy);
                try
                {
                    var options = new ReplayOptions { Strategy = strategy, Timing = TimingMode.Afap, Force = true, StallTimeout = TimeSpan.FromSeconds(60) };
                    var result = ReplayRunner.Run(source, target, options, dir, null, ct);
                    Console.Out.WriteLine(Line(name, result.Summary));
                    WriteJson(name, strategy, result.SummaryPath);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    Console.Out.WriteLine($"REPLAY: {name} {strategy} FAILED {CliErrors.OneLine(e.GetType().Name + ": " + e.Message)}");
                }
            }

            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"REPLAY-DONE: {name} {names.Length - failed} of {names.Length} strategies replayed"));
            return Task.FromResult(failed == 0 ? ExitCodes.Ok : ExitCodes.Failure);
        });
        return command;
    }

    /// <summary>One line: the matrix row of this strategy against this backend.</summary>
    private static string Line(string label, ReplaySummary s)
    {
        var lat = s.LatencyUs["all"];
        var fates = string.Join(';', s.Flushes.Fates.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Count}x{f.Became}->{f.RingStatus}/{f.GuestStatus}")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"REPLAY: {label} {s.Strategy} intents={s.Intents.Completed}/{s.Intents.Workload} iops={s.Throughput.Iops:0} p50us={lat.P50:0} p99us={lat.P99:0} flushes={s.Flushes.Total} okay={s.Flushes.ToldOkay} error={s.Flushes.ToldError} notsupp={s.Flushes.ToldNotSupported} okay-without-ring-okay={s.Flushes.ToldOkayWithoutRingOkay} fates={(fates.Length == 0 ? "-" : fates)} guest-errors={s.Errors.GuestErrors} ring-errors={s.Errors.RingErrors} verify-bad={s.Verification.Failures} abandoned={(s.Errors.Abandoned ?? "no").Replace(' ', '_')}");
    }

    private static void WriteJson(string label, string strategy, string path)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gz.Write(File.ReadAllBytes(path));
        }

        string text = Convert.ToBase64String(buffer.ToArray());
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i += 96)
        {
            sb.Append("REPLAY-JSON ").Append(label).Append(' ').Append(strategy).Append(' ').Append(text.AsSpan(i, Math.Min(96, text.Length - i))).Append('\n');
        }

        Console.Out.Write(sb.ToString());
    }

    /// <summary>
    /// Waits until the backend has let the previous connection go (Closed, or InitWait again): a new
    /// frontend that starts while the backend is still Connected is refused (and blkback ignores an
    /// Initialising it sees before it is Closed).
    /// </summary>
    private static void WaitUntilBackendIdle(uint device, TimeSpan timeout, CancellationToken ct)
    {
        using var transport = XenFrontendTransport.Open(device);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            string? state = transport.Store.Read(XenStorePath.Of(XenStoreSide.Backend, XenStoreNodes.State));
            if (state is "2" or "6")
            {
                return;
            }

            transport.Store.WaitForChange(500);
        }
    }
}
