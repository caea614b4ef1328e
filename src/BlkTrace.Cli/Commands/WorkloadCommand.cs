using System.CommandLine;
using System.Globalization;
using BlkTrace.Frontend;
using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt workload</c>: connects to a running backend as a frontend, runs a seeded workload for a
/// while, prints IOPS and latency, optionally reads everything back to verify it, and closes.
/// </summary>
public static class WorkloadCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var vbd = new Option<string>("--vbd") { Description = "vbd directory of a running backend", Required = true };
        var kind = CliOptions.Choice("--kind", "workload", "oltp", "oltp", "journal", "fileserver", "streaming");
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "how long to issue requests (10s, 500ms, 2m; a bare number is seconds)",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
            CustomParser = r =>
            {
                string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
                if (TryParseDuration(token, out var t))
                {
                    return t;
                }

                r.AddError($"--duration: '{token}' is not a duration (like 10s, 500ms, 2m)");
                return TimeSpan.Zero;
            },
        };
        var qd = CliOptions.Int("--qd", "requests in flight per queue (at most RING_SIZE)", 32, 1, 512);
        var seed = CliOptions.Int("--seed", "seed of the workload (stamped in the data)", 1, int.MinValue, int.MaxValue);
        var verify = new Option<bool>("--verify") { Description = "read back everything written and check it" };
        var requests = CliOptions.Count("--requests", "stop after this many requests per queue (0: no limit)", 0, 0);
        var queues = CliOptions.Int("--queues", "queues to use (capped by the backend)", 1, 1, 64);
        var order = CliOptions.Int("--ring-page-order", "ring page order wanted (capped by the backend)", 0, 0, RingMath.MaxPageOrder);
        var blockSize = CliOptions.Int("--block-size", "bytes per write (0: the kind's default)", 0, 0, 1 << 20);
        var flushEvery = CliOptions.Int("--flush-every", "flush after this many writes (0: the kind's default, -1: never)", 0, -1, int.MaxValue);
        var flush = CliOptions.Choice("--flush", "how a flush goes on the ring", "auto", "auto", "flush", "barrier", "none");
        var abi = CliOptions.Choice("--abi", "request layout", "x86_64", "x86_64", "x86_32");
        var command = new Command("workload", "Drive a running backend with a seeded workload and print IOPS and latency.")
        {
            vbd, kind, duration, qd, seed, verify, requests, queues, order, blockSize, flushEvery, flush, abi,
        };
        command.SetAction((parse, cancel) =>
        {
            var options = new WorkloadOptions
            {
                Kind = Enum.Parse<WorkloadKind>(parse.GetValue(kind)!, ignoreCase: true),
                Seed = parse.GetValue(seed),
                QueueDepth = parse.GetValue(qd),
                Duration = parse.GetValue(duration),
                MaxRequests = parse.GetValue(requests) is > 0 and var n ? n : long.MaxValue,
                BlockSize = parse.GetValue(blockSize),
                FlushEvery = parse.GetValue(flushEvery),
                Flush = parse.GetValue(flush) switch
                {
                    "flush" => FlushMode.FlushDiskCache,
                    "barrier" => FlushMode.Barrier,
                    "none" => FlushMode.None,
                    _ => FlushMode.Auto,
                },
            };
            var frontend = new FrontendOptions
            {
                Queues = parse.GetValue(queues),
                RingPageOrder = parse.GetValue(order),
                Abi = parse.GetValue(abi) == "x86_32" ? BlkifAbi.X86_32 : BlkifAbi.X86_64,
            };
            return Task.FromResult(Run(parse.GetValue(vbd)!, frontend, options, parse.GetValue(verify), cancel));
        });
        return command;
    }

    /// <summary>Parses 10s, 500ms, 2m, 1h or a bare number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        string t = text.Trim();
        (string suffix, double scale) = t.EndsWith("ms", StringComparison.Ordinal) ? ("ms", 0.001)
            : t.EndsWith('s') ? ("s", 1)
            : t.EndsWith('m') ? ("m", 60)
            : t.EndsWith('h') ? ("h", 3600)
            : (string.Empty, 1);
        if (!double.TryParse(t.AsSpan(0, t.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || n <= 0 || n * scale > 1e7)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(n * scale);
        return true;
    }

    private static int Run(string dir, FrontendOptions frontendOptions, WorkloadOptions options, bool verify, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        var cancel = signals.Token;
        using var transport = VbdDirectory.OpenFrontend(dir);
        using var driver = FrontendDriver.Connect(transport, frontendOptions, cancel);
        int queueCount = driver.Queues.Count;
        ulong regionBytes = Math.Min(driver.Disk.Bytes, 256UL << 20) / (ulong)queueCount / 1048576 * 1048576;
        var runners = new WorkloadRunner[queueCount];
        for (int q = 0; q < queueCount; q++)
        {
            runners[q] = new WorkloadRunner(driver.Queues[q], driver.Features, driver.Disk, options with
            {
                Seed = options.Seed + q,
                RegionStart = regionBytes * (ulong)q,
                RegionBytes = regionBytes,
            });
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt workload: connected to {transport.Description}: {driver.Disk.Sectors * 512 / 1048576.0:0.#} MiB, sector-size {driver.Disk.SectorSize}, {queueCount} queue(s), ring-page-order {driver.RingPageOrder} ({driver.Queues[0].Capacity} slots), flushes as {runners[0].FlushMode}"));
        var results = new WorkloadResult[queueCount];
        var threads = new Thread[queueCount];
        using var backendGone = new CancellationTokenSource();
        for (int q = 0; q < queueCount; q++)
        {
            int queue = q;
            threads[q] = new Thread(() => results[queue] = runners[queue].Run(cancel, backendGone.Token)) { IsBackground = true, Name = $"workload-{q}" };
            threads[q].Start();
        }

        long start = Environment.TickCount64;
        var handshake = new FrontendHandshake(transport.Store);
        foreach (var t in threads)
        {
            while (!t.Join(1000))
            {
                if (!backendGone.IsCancellationRequested && handshake.BackendState is XenbusState.Closing or XenbusState.Closed)
                {
                    // A backend that closed will never answer what is in flight: stop, report what completed.
                    Console.Error.WriteLine("blkt workload: the backend closed the device; stopping");
                    backendGone.Cancel();
                }

                long seconds = (Environment.TickCount64 - start) / 1000;
                string progress = string.Create(CultureInfo.InvariantCulture, $"  {seconds} s: {driver.Queues.Sum(x => x.Completed):N0} requests completed");
                if (!Console.IsOutputRedirected)
                {
                    Console.Write("\r" + progress + "   ");
                }
                else if (seconds > 0 && seconds % 5 == 0)
                {
                    // Redirected output gets a plain line every 5 s instead of a redrawn one.
                    Console.WriteLine(progress);
                }
            }
        }

        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }

        bool ok = true;
        for (int q = 0; q < queueCount; q++)
        {
            Console.WriteLine((queueCount > 1 ? $"queue {q}: " : string.Empty) + results[q].Summary());
            ok &= results[q].ReadMismatches == 0 && results[q].UnexpectedResponses == 0;
        }

        if (verify && !backendGone.IsCancellationRequested)
        {
            for (int q = 0; q < queueCount; q++)
            {
                var v = runners[q].Verify(CancellationToken.None);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"verify{(queueCount > 1 ? $" queue {q}" : string.Empty)}: {v.SectorsChecked:N0} sectors read back, {v.Mismatches:N0} mismatches{(v.FirstMismatch is null ? string.Empty : " (first: " + v.FirstMismatch + ")")}"));
                ok &= v.Mismatches == 0;
            }
        }

        driver.Close();
        return ok && !backendGone.IsCancellationRequested ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
