using System.Diagnostics;
using System.Globalization;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>null-qd32</c>: the <see cref="BackendBenchmarks"/> loop timed once with a stopwatch (no harness),
/// printing requests per second and bytes allocated per request across all threads.
/// Usage: <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- null-qd32 [--profile linux] [--seconds 5]</c>.
/// </summary>
public static class NullQd32Run
{
    public static int Run(string[] args)
    {
        string profile = "linux";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--profile")
            {
                profile = args[i + 1];
            }
        }

        // Without and with the tap, alternating rounds in one process, so the ratio is the tap's cost.
        var best = new double[2];
        for (int round = 0; round < 3; round++)
        {
            foreach (bool tap in (bool[])[false, true])
            {
                best[tap ? 1 : 0] = Math.Max(best[tap ? 1 : 0], RunOnce(profile, tap));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tap overhead (best of 3 each): {best[0] / 1e6:0.00} M/s without, {best[1] / 1e6:0.00} M/s with the Parquet tap = {(1 - (best[1] / best[0])) * 100:0.0} % fewer IOPS"));
        return 0;
    }

    private static double RunOnce(string profile, bool tap)
    {
        var bench = new BackendBenchmarks { Profile = profile, Tap = tap };
        bench.Setup();
        try
        {
            bench.NullStoreQd32Write4K();
            {
                long bytes = GC.GetTotalAllocatedBytes(precise: true);
                long start = Stopwatch.GetTimestamp();
                long n = bench.NullStoreQd32Write4K();
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"null store, {profile}, {(tap ? "tap on " : "tap off")}, QD 32, 4 KiB writes, in-process: {n:N0} requests in {seconds:0.000} s = {n / seconds / 1e6:0.00} M/s; {allocated / (double)n:0.000} B allocated per request (all threads); backend sleeps {bench.Session!.Rings[0].Sleeps:N0}, frontend notifications sent {bench.Driver!.Queues[0].Channel.NotificationsSent:N0}, wake-ups {bench.Driver.Queues[0].Channel.NotificationsReceived:N0}{(tap ? string.Create(CultureInfo.InvariantCulture, $"; tap recorded {bench.TapEvents:N0} events") : string.Empty)}"));
                return n / seconds;
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
