using System.Diagnostics;
using System.Globalization;
using BlkTrace.Backend.Profiles;
using BlkTrace.Interop.Fio;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Replay;
using BlkTrace.Replay.Output;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>replay-issue-error</c>: how close to the recorded times a replay issues its requests, ours and
/// fio's, on the same trace in one run. The trace is seeded: a single queue of 4 KiB–32 KiB reads and
/// writes with a flush every 16 writes, Poisson arrivals (mean gap <c>--gap-us</c>) and 40–240 µs
/// service times, so each request is done before the next is due and neither replayer is held back
/// by its own queue. Ours: <see cref="ReplayRunner"/> in original timing against an in-process linux
/// backend over a file store; its summary's <c>fidelity.issue_error_us</c> (actual − intended issue).
/// fio: our v3 iolog export replayed by <c>fio --read_iolog --replay_redirect --ioengine=psync</c>, its
/// I/O calls stamped by an LD_PRELOAD shim (see <see cref="Fio"/>); the error is actual − intended,
/// both from the first I/O.
/// Usage: <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- replay-issue-error [--requests N] [--gap-us G] [--dir D]</c>.
/// </summary>
public static class ReplayIssueError
{
    private const ulong DiskSectors = 1UL << 21; // 1 GiB

    public static int Run(string[] args)
    {
        int requests = 5000;
        double gapUs = 500;
        string dir = Path.Combine(Path.GetTempPath(), "blkt-replay-issue-error");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--requests": requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--gap-us": gapUs = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[i + 1]; break;
            }
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var rows = Trace(requests, gapUs, seed: 17);
        string trace = Path.Combine(dir, "source");
        using (var writer = new TraceWriter(trace, new TraceMetadata { Sectors = DiskSectors, SectorSize = 512, RingPageOrder = 0, RingSize = 32, Queues = 1, Profile = "linux", Writer = "replay-issue-error" }, new TraceWriterOptions { BaseName = "source", MaxSegmentAge = null }))
        {
            foreach (var row in rows)
            {
                writer.Append(row);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay-issue-error: {requests:N0} requests, mean gap {gapUs} µs, 1 queue; ours = blkt replay (original timing, linux profile, file store), fio = fio-3 --read_iolog (psync, replay_redirect)"));

        LatencyStats Ours(string name, bool tune, bool realtime)
        {
            var ours = ReplayRunner.Run(trace, ReplayTarget.InProcessBackend(BackendProfiles.Linux, "file:" + Path.Combine(dir, name + ".img")), new ReplayOptions { Timing = TimingMode.Original, Verify = false, TuneIssuer = tune, RealtimeIssuer = realtime }, Path.Combine(dir, name));
            return ours.Summary.Fidelity.IssueErrorUs ?? throw new InvalidOperationException("the replay summary has no issue-time error");
        }

        var plain = Ours("ours-plain", tune: false, realtime: false);
        var tuned = Ours("ours-tuned", tune: true, realtime: false);
        var realtime = Ours("ours-rt", tune: true, realtime: true);

        string iolog = Path.Combine(dir, "trace.iolog");
        FioIologExporter.Export(rows, iolog);
        var fioError = Fio(dir, iolog);

        Console.WriteLine("issue-time error, actual - intended (µs)     count       mean        p50        p90        p99      p99.9        max");
        Print("blkt replay (original, plain issuer)", plain);
        Print("blkt replay (original, tuned issuer)", tuned);
        Print("blkt replay (original, tuned + SCHED_FIFO)", realtime);
        Print("fio --read_iolog (psync)", fioError);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"p99 ratio fio/blkt: plain {fioError.P99 / Math.Max(plain.P99, 0.001):0.00}x, tuned {fioError.P99 / Math.Max(tuned.P99, 0.001):0.00}x, tuned + SCHED_FIFO {fioError.P99 / Math.Max(realtime.P99, 0.001):0.00}x (above 1: blkt closer to the recorded times)"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static void Print(string what, LatencyStats s) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-42} {s.Count,8:N0} {s.Mean,10:0.0} {s.P50,10:0.0} {s.P90,10:0.0} {s.P99,10:0.0} {s.P999,10:0.0} {s.Max,10:0.0}"));

    /// <summary>
    /// fio replays the iolog under <c>IssueClock/issue-clock.c</c> (an LD_PRELOAD shim, built here with gcc,
    /// that stamps CLOCK_MONOTONIC at the entry of each pread/pwrite/fsync/fdatasync; fio 3.33 cannot
    /// write an issue log while it reads one). The error of each I/O is taken from the first one.
    /// </summary>
    private static LatencyStats Fio(string dir, string iolog)
    {
        string scratch = Path.Combine(dir, "fio.img");
        using (var f = new FileStream(scratch, FileMode.CreateNew))
        {
            f.SetLength((long)DiskSectors * 512);
        }

        string shim = Path.Combine(dir, "issue-clock.so");
        Run("gcc", "-shared", "-fPIC", "-O2", "-o", shim, Path.Combine(AppContext.BaseDirectory, "IssueClock", "issue-clock.c"), "-ldl");
        string stamps = Path.Combine(dir, "fio-issued.txt");
        Run("fio", ["--thread", "--name=replay", "--read_iolog=" + iolog, "--replay_redirect=" + scratch, "--ioengine=psync", "--output-format=json"], new Dictionary<string, string> { ["LD_PRELOAD"] = shim, ["ISSUE_CLOCK_LOG"] = stamps });

        var intended = IoTimesUs(iolog);
        var actual = File.ReadLines(stamps).Select(l => long.Parse(l.AsSpan(2), CultureInfo.InvariantCulture)).ToList();
        if (intended.Count != actual.Count)
        {
            throw new InvalidOperationException($"fio made {actual.Count} I/O calls for the log's {intended.Count}");
        }

        var errors = new double[intended.Count];
        for (int i = 0; i < errors.Length; i++)
        {
            errors[i] = ((actual[i] - actual[0]) / 1000.0) - (intended[i] - intended[0]);
        }

        return LatencyStats.Of(errors);
    }

    private static void Run(string program, params string[] args) => Run(program, args, null);

    private static void Run(string program, string[] args, Dictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? [])
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program} (apt-get install {program})");
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited {p.ExitCode}: {stderr.Result}");
        }
    }

    /// <summary>The timestamps (µs) of a v3 iolog's I/O lines (read, write, trim, sync, datasync), in order.</summary>
    private static List<long> IoTimesUs(string path)
    {
        var times = new List<long>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5)
            {
                times.Add(long.Parse(f[0], CultureInfo.InvariantCulture));
            }
        }

        return times;
    }

    /// <summary>The seeded source trace: request, then its response after the service time.</summary>
    private static List<RingEvent> Trace(int requests, double gapUs, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<RingEvent>(requests * 2);
        long t = 1_000_000;
        uint reqIdx = 0, rspIdx = 0;
        int writes = 0;
        for (int i = 0; i < requests; i++)
        {
            t += (long)(-Math.Log(1 - rng.NextDouble()) * gapUs * 1000);
            BlkifRequest request;
            if (writes > 0 && writes % 16 == 0)
            {
                request = BlkifRequest.Direct(BlkifOperation.FlushDiskCache, (ulong)i, 0, []);
                writes++;
            }
            else
            {
                var op = rng.Next(10) < 6 ? BlkifOperation.Read : BlkifOperation.Write;
                writes += op == BlkifOperation.Write ? 1 : 0;
                int pages = 1 << rng.Next(4);
                var segments = new BlkifSegment[pages];
                for (int s = 0; s < pages; s++)
                {
                    segments[s] = new BlkifSegment((uint)(s + 1), 0, 7);
                }

                ulong sector = (ulong)rng.NextInt64(0, (long)(DiskSectors / 8) - 8) * 8;
                request = BlkifRequest.Direct(op, (ulong)i, sector, segments);
            }

            rows.Add(RingEvent.FromRequest(rows.Count, t, 0, reqIdx++, request, [], null));
            long done = t + 40_000 + rng.Next(200_000);
            rows.Add(RingEvent.FromResponse(rows.Count, done, 0, rspIdx++, new BlkifResponse(request.Id, request.Operation, BlkifStatus.Okay)));
            t = Math.Max(t, done);
        }

        return rows;
    }
}
