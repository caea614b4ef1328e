using System.CommandLine;
using System.Globalization;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;

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
        var command = new Command("backend", "Serve a vbd directory as a Xen blkif backend until Ctrl-C.")
        {
            vbd, store, profile, readOnly, queues, order, sectorSize, ioThreads, seed, status,
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

                // The tap goes here: `--trace OUT` sets Tap = <the Parquet tap> (and HashWrites for data_hash).
                Tap = null,
            };
            return Task.FromResult(Run(parse.GetValue(vbd)!, parse.GetValue(store)!, options, parse.GetValue(status), cancel));
        });
        return command;
    }

    private static int Run(string dir, string storeSpec, BackendOptions options, bool status, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        var cancel = signals.Token;
        using var store = StoreSpec.Open(storeSpec);
        using var transport = VbdDirectory.OpenBackend(dir);
        var backend = new BlkifBackend(transport, store, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt backend: serving {transport.Description} with {store.Description} ({store.Sectors * 512 / 1048576.0:0.#} MiB) as {options.Profile.Name}{(options.ReadOnly ? ", read-only" : string.Empty)}; features: {string.Join(' ', backend.Features.Select(f => f.Key + "=" + f.Value))}"));

        Exception? failure = null;
        var server = new Thread(() =>
        {
            try
            {
                backend.Serve(
                    session => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"blkt backend: frontend connected: {session.Rings.Count} queue(s), ring-page-order {session.Frontend.RingPageOrder} ({session.Rings[0].RingSize} slots), {session.Frontend.Abi}")),
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
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return ExitCodes.Ok;
    }
}
