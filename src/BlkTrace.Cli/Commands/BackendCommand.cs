using System.CommandLine;
using System.Globalization;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt backend</c>: serves a vbd directory with a block store under a backend profile until
/// Ctrl-C or SIGTERM, one frontend after another; prints a status line a second with <c>--status</c>
/// and a summary at exit (requests by op and status, rejections by kind, flushes).
/// </summary>
public static class BackendCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var vbd = new Option<string>("--vbd") { Description = "vbd directory to serve (created if missing)", Required = true };
        var store = new Option<string>("--store") { Description = "block store: file:PATH[,direct][,size=N], mem:SIZE[,cache][,destage-seed=N], null:SIZE", Required = true };
        var profile = CliOptions.Choice("--profile", "backend behaviour profile (spec/blkif.md §5)", BackendProfiles.Linux.Name, [.. BackendProfiles.Names]);
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
        var command = new Command("backend", "Serve a vbd directory as a Xen blkif backend until Ctrl-C, optionally recording the ring to Parquet.")
        {
            vbd, store, profile, readOnly, queues, order, sectorSize, ioThreads, seed, status, trace, backpressure, hashData, segmentRows, segmentSeconds,
        };
        command.SetAction((parse, cancel) =>
        {
            var p = BackendProfiles.ByName(parse.GetValue(profile)!);
            int q = parse.GetValue(queues);
            int o = parse.GetValue(order);
            var options = new BackendOptions
            {
                Profile = p,
                ReadOnly = parse.GetValue(readOnly),
                SectorSize = parse.GetValue(sectorSize),
                MaxQueues = q > 0 ? q : null,
                MaxRingPageOrder = o >= 0 ? o : null,
                IoThreads = parse.GetValue(ioThreads),
                CompletionSeed = parse.GetValue(seed),
                HashWrites = parse.GetValue(hashData),
            };
            var capture = parse.GetValue(trace) is { } dir
                ? new CaptureSettings(dir, parse.GetValue(backpressure) == "drop" ? TapBackpressure.Drop : TapBackpressure.Block, parse.GetValue(segmentRows), TimeSpan.FromSeconds(parse.GetValue(segmentSeconds)))
                : null;
            return Task.FromResult(Run(parse.GetValue(vbd)!, parse.GetValue(store)!, options, capture, parse.GetValue(status), cancel));
        });
        return command;
    }

    private static int Run(string dir, string storeSpec, BackendOptions options, CaptureSettings? capture, bool status, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
        var cancel = stop.Token;
        using var store = StoreSpec.Open(storeSpec);
        using var transport = VbdDirectory.OpenBackend(dir);

        // Without --trace the EventSource sink stays wired, so `blkt capture --pid` or dotnet-trace
        // can record this backend later without a restart.
        Exception? traceFailure = null;
        using var tap = capture is null ? null : StartTap(capture, options, storeSpec, e =>
        {
            traceFailure = e;
            stop.Cancel();
        });
        options = options with { Tap = (IRingEventSink?)tap ?? RingEventSourceSink.Instance };
        var backend = new BlkifBackend(transport, store, options);
        if (tap is not null)
        {
            tap.Metadata = tap.Metadata with { BackendNodes = backend.Features.ToDictionary(f => f.Key, f => f.Value), Sectors = backend.Disk.Sectors, SectorSize = backend.Disk.SectorSize };
            Console.WriteLine($"blkt backend: recording to {capture!.Directory} ({(capture.Backpressure == TapBackpressure.Block ? "block" : "drop")} on a full buffer)");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt backend: serving {transport.Description} with {store.Description} ({store.Sectors * 512 / 1048576.0:0.#} MiB) as {options.Profile.Name}{(options.ReadOnly ? ", read-only" : string.Empty)}; features: {string.Join(' ', backend.Features.Select(f => f.Key + "=" + f.Value))}"));

        Exception? failure = null;
        var server = new Thread(() =>
        {
            try
            {
                backend.Serve(
                    session =>
                    {
                        if (tap is not null)
                        {
                            tap.Metadata = tap.Metadata with
                            {
                                Abi = BlkifAbiInfo.ProtocolName(session.Frontend.Abi),
                                RingPageOrder = session.Frontend.RingPageOrder,
                                RingSize = session.Rings[0].RingSize,
                                Queues = session.Rings.Count,
                            };
                        }

                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"blkt backend: frontend connected: {session.Rings.Count} queue(s), ring-page-order {session.Frontend.RingPageOrder} ({session.Rings[0].RingSize} slots), {session.Frontend.Abi}"));
                    },
                    cancel);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "blkt-backend" };
        server.Start();
        while (!server.Join(1000))
        {
            if (status)
            {
                Console.WriteLine("blkt backend: " + backend.Statistics().StatusLine());
            }
        }

        Console.WriteLine("blkt backend: stopped after " + backend.Connections.ToString(CultureInfo.InvariantCulture) + " connection(s)");
        Console.WriteLine(backend.Statistics().Summary());
        if (tap is not null)
        {
            // The rings have stopped: drain the buffer and seal the open segment.
            tap.Complete();
            if (traceFailure is null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"blkt backend: trace: {tap.RecordedEvents:N0} events in {tap.SealedSegments.Count} segment(s) in {capture!.Directory}{(tap.DroppedEvents > 0 ? $", {tap.DroppedEvents:N0} dropped" : string.Empty)}"));
            }
        }

        if (traceFailure is not null)
        {
            Console.Error.WriteLine("blkt: trace: " + CliErrors.OneLine(traceFailure.Message) + " (sealed segments are intact)");
            return ExitCodes.Failure;
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return ExitCodes.Ok;
    }

    private static TraceTap StartTap(CaptureSettings capture, BackendOptions options, string storeSpec, Action<Exception> failed)
    {
        var metadata = new TraceMetadata
        {
            Profile = options.Profile.Name,
            Store = storeSpec,
            Writer = "blkt backend",
        };
        var writerOptions = new TraceWriterOptions
        {
            MaxSegmentRows = capture.SegmentRows,
            MaxSegmentAge = capture.SegmentAge,
            RowGroupRows = (int)Math.Min(TraceWriterOptions.DefaultRowGroupRows, capture.SegmentRows),
        };
        var tapOptions = new TraceTapOptions
        {
            Backpressure = capture.Backpressure,
            DropsObserved = total => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blkt backend: warning: the trace has dropped {total:N0} events so far (--trace-backpressure drop)")),
            WriteFailed = e =>
            {
                if (capture.Backpressure == TapBackpressure.Block)
                {
                    failed(e);
                }
                else
                {
                    Console.Error.WriteLine("blkt backend: warning: trace write failed, counting events as dropped: " + CliErrors.OneLine(e.Message));
                }
            },
        };
        return TraceTap.Start(capture.Directory, metadata, writerOptions, tapOptions);
    }

    private sealed record CaptureSettings(string Directory, TapBackpressure Backpressure, long SegmentRows, TimeSpan SegmentAge);
}
