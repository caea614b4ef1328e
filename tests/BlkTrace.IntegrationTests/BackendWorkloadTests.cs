using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using BlkTrace.Frontend.Workloads;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// <c>blkt backend</c> and <c>blkt workload</c> as two real processes over a vbd directory with a
/// file store: the data written reads back as written (from the image file itself), and the
/// guest's flushes reached <c>fdatasync</c>.
/// </summary>
public sealed partial class BackendWorkloadTests : IDisposable
{
    private const int Sigterm = 15;
    private readonly string _dir = "/tmp/blkt-it-" + Guid.NewGuid().ToString("N")[..8];

    public BackendWorkloadTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("linux", "oltp", "FlushDiskCache", "")]
    [InlineData("qemu", "journal", "FlushDiskCache", "")]
    [InlineData("solaris", "fileserver", "Barrier", "")]
    [InlineData("linux", "streaming", "FlushDiskCache", "--queues 2 --ring-page-order 2")]
    public async Task BackendAndWorkload_TwoProcessesFileStore_DataReadsBackAndFlushesReachFdatasync(string profile, string kind, string flushMode, string extra)
    {
        string vbd = Path.Combine(_dir, "vbd");
        string image = Path.Combine(_dir, "disk.img");
        using var backend = Process.Start(BlktProcess.StartInfo("backend", "--vbd", vbd, "--store", $"file:{image},size=64M", "--profile", profile))!;
        var backendOut = new List<string>();
        var serving = new TaskCompletionSource();
        backend.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (backendOut)
            {
                backendOut.Add(e.Data);
            }

            if (e.Data.Contains("serving", StringComparison.Ordinal))
            {
                serving.TrySetResult();
            }
        };
        var backendErr = backend.StandardError.ReadToEndAsync();
        backend.BeginOutputReadLine();
        try
        {
            await serving.Task.WaitAsync(TimeSpan.FromMinutes(1));

            // A count, not a duration: how much gets done in N seconds depends on the machine's load,
            // and a loaded machine must not turn "no flush yet" into a failure.
            string[] args = ["workload", "--vbd", vbd, "--kind", kind, "--duration", "10m", "--requests", "1000", "--qd", "16", "--seed", "7", "--verify", .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            var workload = await BlktProcess.RunAsync(args, TimeSpan.FromMinutes(5));
            Assert.True(workload.ExitCode == 0, workload.StdOut + workload.StdErr);
            Assert.Contains("0 mismatches", workload.StdOut, StringComparison.Ordinal);
            Assert.Contains("flushes as " + flushMode, workload.StdOut, StringComparison.Ordinal);
            long flushes = Sum(FlushesRegex(), workload.StdOut);
            long written = Sum(WrittenRegex(), workload.StdOut);
            int queues = extra.Contains("--queues 2", StringComparison.Ordinal) ? 2 : 1;
            Assert.Equal(queues, workload.StdOut.Split('\n').Count(l => l.Contains("distinct sectors written", StringComparison.Ordinal)));
            Assert.True(flushes > 0 && written > 0, workload.StdOut);

            // Stop the backend the way an operator does; it must close cleanly and print its summary.
            Assert.Equal(0, Kill(backend.Id, Sigterm));
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await backend.WaitForExitAsync(cts.Token);
            Assert.Equal(0, backend.ExitCode);
            string summary;
            lock (backendOut)
            {
                summary = string.Join('\n', backendOut);
            }

            long fdatasyncs = Sum(StoreFlushesRegex(), summary);
            Assert.True(fdatasyncs >= flushes, $"{fdatasyncs} fdatasync calls for {flushes} flushes\n{summary}");
            Assert.Equal("6", File.ReadAllText(Path.Combine(vbd, "xenstore", "backend", "state")).Trim());

            // Every stamped sector in the image is whole and where it belongs, and there are as many as were written.
            long stamped = 0;
            var buffer = new byte[1 << 20];
            using var file = File.OpenRead(image);
            long sector = 0;
            int n;
            while ((n = file.Read(buffer)) > 0)
            {
                for (int o = 0; o < n; o += 512, sector++)
                {
                    // Queue q of a multi-queue run stamps with seed 7 + q.
                    var check = DataStamp.Check(buffer.AsSpan(o, 512), (ulong)sector, 7, out _);
                    for (int q = 1; q < queues && check == StampCheck.WrongSeed; q++)
                    {
                        check = DataStamp.Check(buffer.AsSpan(o, 512), (ulong)sector, (ulong)(7 + q), out _);
                    }

                    Assert.True(check is StampCheck.Ok or StampCheck.Zero, $"sector {sector}: {check}");
                    stamped += check == StampCheck.Ok ? 1 : 0;
                }
            }

            Assert.Equal(written, stamped);
        }
        finally
        {
            if (!backend.HasExited)
            {
                backend.Kill(entireProcessTree: true);
            }

            await backendErr;
        }
    }

    [Fact]
    public async Task Backend_BadStoreSpec_ExitsTwoWithOneLine()
    {
        var result = await BlktProcess.RunAsync("backend", "--vbd", Path.Combine(_dir, "v"), "--store", "disk:64M");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("--store disk:64M", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workload_NoBackend_ExitsTwoWithOneLine()
    {
        var result = await BlktProcess.RunAsync("workload", "--vbd", Path.Combine(_dir, "none"), "--duration", "1s");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("no such vbd directory", result.StdErr, StringComparison.Ordinal);
    }

    private static long Sum(Regex regex, string text) => regex.Matches(text)
        .Sum(m => long.Parse(m.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"(\d[\d,]*) flushes as")]
    private static partial Regex FlushesRegex();

    [GeneratedRegex(@"(\d[\d,]*) distinct sectors written")]
    private static partial Regex WrittenRegex();

    [GeneratedRegex(@"(\d[\d,]*) performed by the store")]
    private static partial Regex StoreFlushesRegex();
}
