using System.Globalization;
using BlkTrace.Backend.Profiles;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay;
using BlkTrace.Replay.Source;
using BlkTrace.Trace;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>replay-timing</c>: how precisely <c>original</c> timing issues requests at their recorded
/// offsets. A synthetic open-loop source (4 KiB reads and writes, evenly spaced at the given rate) is
/// replayed against the in-process <c>linux</c> backend on the null store, tap and trace included, and
/// the issue-time error (actual − intended issue, from <c>summary.json</c>'s fidelity) is printed,
/// each rate twice in one process: the plain issuer (sleep/yield/spin) and the tuned one
/// (<see cref="ReplayOptions.TuneIssuer"/>), with the p99 ratio and, per run, where late issues came
/// from (<see cref="IssueDiagnostics"/>) and what the GC did.
/// Target (design.md §9): p99 ≤ 50 µs at 20 k IOPS.
/// Then it runs <see cref="ReplayIssueError"/> (ours and fio on one trace) unless <c>--no-fio</c>.
/// Usage: <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- replay-timing [--seconds 2] [--rates 1000,10000,20000,50000] [--no-fio]</c>.
/// </summary>
public static class ReplayTimingRun
{
    private const ulong DiskSectors = 1UL << 21; // 1 GiB

    public static int Run(string[] args)
    {
        double seconds = 2;
        int[] rates = [1_000, 10_000, 20_000, 50_000];
        bool fio = true;
        for (int i = 0; i < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--no-fio":
                    fio = false;
                    i--;
                    break;
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rates":
                    rates = [.. args[i + 1].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))];
                    break;
                default:
                    Console.Error.WriteLine($"replay-timing: unknown option {args[i]}");
                    return 2;
            }
        }

        var dir = Directory.CreateTempSubdirectory("blkt-replay-timing-");
        try
        {
            // Warm-up: JIT the engine, the backend and the tap.
            Replay(Source(2_000, 0.5), Path.Combine(dir.FullName, "warmup"));
            Console.WriteLine($"original timing, in-process linux backend, null store, 4 KiB reads/writes, {seconds:0.#} s per rate, {Environment.ProcessorCount} cores");
            // What the path can carry at all: the largest source replayed as fast as possible (QD 32).
            var cap = Replay(Source(rates.Max(), seconds), Path.Combine(dir.FullName, "afap"), TimingMode.Afap).Summary;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capacity (afap, QD 32): {cap.Throughput.Iops:N0} IOPS"));
            foreach (int rate in rates)
            {
                var source = Source(rate, seconds);
                double plainP99 = 0;
                foreach (string variant in new[] { "plain", "tuned", "tuned+rt" })
                {
                    bool tuned = variant != "plain";
                    var gc = GcSnapshot.Take();
                    var result = Replay(source, Path.Combine(dir.FullName, rate.ToString(CultureInfo.InvariantCulture) + "-" + variant), tuneIssuer: tuned, realtime: variant == "tuned+rt");
                    var gcDelta = GcSnapshot.Take() - gc;
                    var s = result.Summary;
                    var e = s.Fidelity.IssueErrorUs!;
                    string ratio = tuned ? string.Create(CultureInfo.InvariantCulture, $"; p99 plain/this {plainP99 / Math.Max(e.P99, 0.001):0.0}x") : "";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{rate,7:N0} IOPS {variant,-8}: {s.Intents.Completed:N0} requests, achieved {s.Throughput.Iops,9:N0} IOPS; issue-time error p50 {e.P50,7:0.0} µs, p99 {e.P99,8:0.0} µs, max {e.Max,9:0.0} µs; inter-arrival relative error {s.Fidelity.InterArrivalRelativeError:0.000}{ratio}"));
                    PrintWhy(result.Diagnostics!, gcDelta, s.Intents.Issued);
                    plainP99 = tuned ? plainP99 : e.P99;
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        // The same question side by side with fio, on one seeded trace, in this invocation.
        Console.WriteLine();
        return fio ? ReplayIssueError.Run([]) : 0;
    }

    private static ReplayResult Replay(SourceWorkload source, string output, TimingMode timing = TimingMode.Original, bool tuneIssuer = true, bool realtime = false) =>
        ReplayRunner.Run(source, ReplayTarget.InProcessBackend(BackendProfiles.ByName("linux"), "null"), new ReplayOptions { Strategy = "native-flush", Timing = timing, TuneIssuer = tuneIssuer, RealtimeIssuer = realtime }, output);

    /// <summary>Where the late issues came from: the issuer's own view, and the process's GC during the run.</summary>
    private static void PrintWhy(IssueDiagnostics d, GcSnapshot gc, long issued) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"          late (> {d.LateThresholdUs:0} µs) {d.LateIssues:N0}: after sleep {d.LateAfterSleep:N0}, yield {d.LateAfterYield:N0}, spin {d.LateAfterSpin:N0}, work {d.LateAfterWork:N0}; sleeps {d.Sleeps:N0}, overslept {d.Oversleeps:N0} (max {d.MaxOversleepUs:0} µs); longest work pass {d.LongestWorkUs:0} µs; issuer switches vol {d.VoluntarySwitches:N0} / invol {d.InvoluntarySwitches:N0}; issuer alloc {d.AllocatedBytes:N0} B ({(double)d.AllocatedBytes / Math.Max(issued, 1):0.0} B/request); GC gen0/1/2 {gc.Gen0}/{gc.Gen1}/{gc.Gen2}, pauses {gc.PauseMs:0.0} ms, process alloc {gc.AllocatedBytes / 1e6:0.0} MB; tuning: {d.Tuning}"));

    /// <summary>An open-loop capture: request i at i / rate seconds, answered 20 µs later; 70 % writes, seeded.</summary>
    private static SourceWorkload Source(int rate, double seconds)
    {
        int n = (int)(rate * seconds);
        var rng = new Random(rate);
        var rows = new List<RingEvent>(n * 2);
        long seq = 0;
        for (int i = 0; i < n; i++)
        {
            long ts = 1_000 + (long)(i * (1e9 / rate));
            bool write = rng.Next(10) < 7;
            var op = write ? BlkifOperation.Write : BlkifOperation.Read;
            ulong sector = (ulong)rng.NextInt64((long)(DiskSectors / 8)) * 8;
            rows.Add(new RingEvent { Seq = seq++, TsNs = ts, Kind = RingEventKind.Request, Id = (ulong)i + 1, Operation = op, NrSegments = 1, Sector = sector, NrSectors = 8 });
            rows.Add(new RingEvent { Seq = seq++, TsNs = ts + 20_000, Kind = RingEventKind.Response, Id = (ulong)i + 1, Operation = op, Status = BlkifStatus.Okay });
        }

        // Responses 20 µs later interleave with later requests: order rows by time, as a capture is.
        rows.Sort((a, b) => a.TsNs != b.TsNs ? a.TsNs.CompareTo(b.TsNs) : a.Seq.CompareTo(b.Seq));
        for (int k = 0; k < rows.Count; k++)
        {
            rows[k] = rows[k] with { Seq = k };
        }

        var metadata = new TraceMetadata { Sectors = DiskSectors, SectorSize = 512, RingPageOrder = 0, RingSize = 32, Profile = "linux", Store = "null", Queues = 1 };
        return IntentLifter.Lift(rows, metadata, $"synthetic-{rate}-iops");
    }
}
