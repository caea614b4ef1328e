using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend;
using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Benchmarks;

/// <summary>
/// <c>fio-compare</c>: random 4 KiB writes at QD 1 on the same file, through our whole path (frontend
/// driver, ring, linux profile, file store: pwrite and fdatasync) and through <c>fio</c> (psync), with
/// no flush, a flush every 32 writes and a flush every write, side by side in one run. Our flush is a
/// 0-segment FLUSH_DISKCACHE issued once the writes it covers completed; fio's is <c>fdatasync=N</c>.
/// Usage: <c>dotnet run -c Release --project tests/BlkTrace.Benchmarks -- fio-compare [--seconds S] [--file PATH] [--io-threads N]</c>.
/// </summary>
public static class FioComparison
{
    public static int Run(string[] args)
    {
        int seconds = 5;
        int ioThreads = 0;
        string file = Path.Combine(Path.GetTempPath(), "blkt-fio-compare.img");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--file":
                    file = args[i + 1];
                    break;
                case "--io-threads":
                    ioThreads = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
            }
        }

        const long size = 64L << 20;
        Console.WriteLine($"fio-compare: random 4 KiB writes, QD 1, {seconds} s each, file {file} ({size >> 20} MiB), blkt I/O threads per ring {ioThreads}");
        Console.WriteLine("flush cadence      fio IOPS   blkt IOPS   blkt/fio   fio fdatasyncs   blkt fdatasyncs");
        foreach (int every in new[] { 0, 32, 1 })
        {
            double fio = RunFio(file, size, seconds, every);
            var (ours, syncs) = RunOurs(file, size, seconds, every, ioThreads);
            long fioSyncs = every == 0 ? 0 : (long)(fio * seconds / every);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(every == 0 ? "none" : every == 1 ? "every write" : $"every {every}"),-16} {fio,10:N0} {ours,11:N0} {ours / fio,10:0.00} {fioSyncs,16:N0} {syncs,17:N0}"));
        }

        return 0;
    }

    private static double RunFio(string file, long size, int seconds, int every)
    {
        var psi = new ProcessStartInfo("fio") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[]
        {
            "--name=blkt", "--filename=" + file, "--ioengine=psync", "--rw=randwrite", "--bs=4k", "--size=" + size.ToString(CultureInfo.InvariantCulture),
            "--runtime=" + seconds.ToString(CultureInfo.InvariantCulture), "--time_based", "--randrepeat=1", "--output-format=json",
        })
        {
            psi.ArgumentList.Add(a);
        }

        if (every > 0)
        {
            psi.ArgumentList.Add("--fdatasync=" + every.ToString(CultureInfo.InvariantCulture));
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start fio (apt-get install fio)");
        string json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        using var doc = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        return doc.RootElement.GetProperty("jobs")[0].GetProperty("write").GetProperty("iops").GetDouble();
    }

    private static (double Iops, long Fdatasyncs) RunOurs(string file, long size, int seconds, int every, int ioThreads)
    {
        using var vbd = new InProcessVbd();
        using var store = new FileBlockStore(file, (ulong)size);
        var backend = new BlkifBackend(vbd.Backend, store, new BackendOptions { Profile = BackendProfiles.Linux, IoThreads = ioThreads });
        backend.Announce();
        var accept = Task.Run(() => backend.Accept(TimeSpan.FromSeconds(30), CancellationToken.None));
        using var driver = FrontendDriver.Connect(vbd.Frontend, new FrontendOptions(), CancellationToken.None);
        using var session = accept.GetAwaiter().GetResult();
        var runner = new WorkloadRunner(driver.Queues[0], driver.Features, driver.Disk, new WorkloadOptions
        {
            Kind = WorkloadKind.Oltp,
            BlockSize = 4096,
            QueueDepth = 1,
            FlushEvery = every == 0 ? -1 : every,
            RegionBytes = (ulong)size,
            Duration = TimeSpan.FromSeconds(seconds),
        });
        long before = store.Counters.Flushes;
        var result = runner.Run(CancellationToken.None);
        driver.Close();
        return (result.Writes / result.Elapsed.TotalSeconds, store.Counters.Flushes - before);
    }
}
