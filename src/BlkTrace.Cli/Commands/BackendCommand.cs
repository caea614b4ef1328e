using System.CommandLine;
using System.Globalization;
using BlkTrace.Backend.Hosting;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Transport.Xen;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>backend</c>: serves a vbd directory, or with <c>--xen</c> a real guest from dom0, with a block
/// store under a backend profile until Ctrl-C or SIGTERM, one frontend after another; prints a
/// status line a second with <c>--status</c> and a summary at exit (requests by op and status,
/// rejections by kind, flushes). The serving itself is <see cref="BackendHost"/>; this file is
/// options and printing only, and is compiled into both <c>blkt</c> and the NativeAOT
/// <c>blkt-dom0</c> (src/BlkTrace.Dom0), so the two take the same options.
/// </summary>
public static class BackendCommand
{
    private const string Prefix = "blkt backend: ";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var vbd = new Option<string?>("--vbd") { Description = "vbd directory to serve (created if missing)" };
        var xen = new Option<bool>("--xen") { Description = "serve a real Xen guest from dom0 (xenstore, gntdev, evtchn) instead of a vbd directory; creates the device's xenstore nodes" };
        var domid = CliOptions.Int("--domid", "with --xen: the guest's domain id ('xl domid NAME')", 0, 0, 32752);
        var dev = CliOptions.Int("--dev", "with --xen: the virtual device number (51712 = xvda)", 51712, 1, int.MaxValue);
        var store = new Option<string>("--store") { Description = "block store: file:PATH[,direct][,size=N], mem:SIZE[,cache][,destage-seed=N], null:SIZE", Required = true };
        var profile = CliOptions.Choice("--profile", "backend behaviour profile (spec/blkif.md §5)", BackendProfiles.Linux.Name, [.. BackendProfiles.Names]);
        var features = CliOptions.Choice("--features", "cache features advertised, overriding the profile's rule; the profile's answers stay as they are", "profile", "profile", "barrier", "flush", "both", "none");
        var readOnly = new Option<bool>("--read-only") { Description = "publish a read-only disk" };
        var queues = CliOptions.Int("--queues", "queues offered (0: the profile's maximum)", 0, 0, 64);
        var order = CliOptions.Int("--max-ring-page-order", "ring page order offered (-1: the profile's maximum)", -1, -1, RingMath.MaxPageOrder);
        var sectorSize = CliOptions.Int("--sector-size", "logical sector size in bytes", 512, 512, 4096);
        var ioThreads = CliOptions.Int("--io-threads", "I/O threads per ring for a file store (-1: 4; 0: I/O on the ring thread)", -1, -1, 64);
        var seed = CliOptions.Int("--seed", "seed of out-of-order completion (qemu)", 1, int.MinValue, int.MaxValue);
        var status = new Option<bool>("--status") { Description = "print a one-line status every second" };
        var trace = new Option<string?>("--trace") { Description = "record every request and response to a directory of Parquet segments (trace schema v1)" };
        var backpressure = CliOptions.Choice("--trace-backpressure", "when the tap's buffer is full: block (never lose an event) or drop (never slow the ring; drops are counted)", "block", "block", "drop");
        var hashData = new Option<bool>("--hash-data") { Description = "record an XxHash3 of every write's payload in data_hash" };
        var segmentRows = CliOptions.Count("--segment-rows", "seal a trace segment after this many rows", 8L << 20, 1000);
        var segmentSeconds = CliOptions.Int("--segment-seconds", "seal a trace segment after this many seconds", 30, 1, 86_400);
        var command = new Command("backend", "Serve a vbd directory (or, with --xen, a real guest from dom0) as a Xen blkif backend until Ctrl-C, optionally recording the ring to Parquet.")
        {
            vbd, xen, domid, dev, store, profile, features, readOnly, queues, order, sectorSize, ioThreads, seed, status, trace, backpressure, hashData, segmentRows, segmentSeconds,
        };
        command.SetAction((parse, cancel) =>
        {
            var p = BackendProfiles.ByName(parse.GetValue(profile)!).WithAdvertisedCacheFeatures(ParseFeatures(parse.GetValue(features)!));
            int q = parse.GetValue(queues);
            int o = parse.GetValue(order);
            var options = new BackendHostOptions
            {
                OpenTransport = TransportOpener(parse.GetValue(vbd), parse.GetValue(xen), parse.GetValue(domid), parse.GetValue(dev)),
                StoreSpec = parse.GetValue(store)!,
                Backend = new BackendOptions
                {
                    Profile = p,
                    ReadOnly = parse.GetValue(readOnly),
                    SectorSize = parse.GetValue(sectorSize),
                    MaxQueues = q > 0 ? q : null,
                    MaxRingPageOrder = o >= 0 ? o : null,
                    IoThreads = parse.GetValue(ioThreads),
                    CompletionSeed = parse.GetValue(seed),
                    HashWrites = parse.GetValue(hashData),
                },
                Trace = parse.GetValue(trace) is { } dir
                    ? new TraceCapture(dir, parse.GetValue(backpressure) == "drop" ? TapBackpressure.Drop : TapBackpressure.Block, parse.GetValue(segmentRows), TimeSpan.FromSeconds(parse.GetValue(segmentSeconds)))
                    : null,
                Status = parse.GetValue(status),
                Writer = "blkt backend",
            };
            return Task.FromResult(Run(options, cancel));
        });
        return command;
    }

    private static AdvertisedCacheFeatures ParseFeatures(string word) => word switch
    {
        "barrier" => AdvertisedCacheFeatures.Barrier,
        "flush" => AdvertisedCacheFeatures.Flush,
        "both" => AdvertisedCacheFeatures.Both,
        "none" => AdvertisedCacheFeatures.None,
        _ => AdvertisedCacheFeatures.Profile,
    };

    /// <summary>Checks the transport options now (before the store opens) and opens the transport later.</summary>
    private static Func<IBackendTransport> TransportOpener(string? vbd, bool xen, int domid, int dev)
    {
        if (xen)
        {
            if (vbd is not null)
            {
                throw new CliUsageException("--vbd and --xen: choose one (a vbd directory, or a real guest from dom0)");
            }

            if (domid <= 0)
            {
                throw new CliUsageException("--xen needs --domid N, the guest's domain id ('xl domid NAME'; dom0 cannot be its own frontend)");
            }

            return () => XenBackendTransport.Open(new XenDevicePaths((uint)domid, (uint)dev));
        }

        if (vbd is null)
        {
            throw new CliUsageException("--vbd DIR or --xen --domid N is required");
        }

        return () => VbdDirectory.OpenBackend(vbd);
    }

    private static int Run(BackendHostOptions options, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        var result = BackendHost.Run(options, new ConsoleEvents(), signals.Token);
        if (result.TraceFailure is { } failure)
        {
            Console.Error.WriteLine("blkt: trace: " + CliErrors.OneLine(failure.Message) + " (sealed segments are intact)");
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The host's reports as the lines <c>blkt backend</c> has always printed.</summary>
    private sealed class ConsoleEvents : IBackendHostEvents
    {
        public void Info(string message) => Console.WriteLine(Prefix + message);

        public void Report(string text) => Console.WriteLine(text);

        public void Warning(string message) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Prefix}warning: {CliErrors.OneLine(message)}"));
    }
}
