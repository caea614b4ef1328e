using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// <c>blkt backend --trace</c> end to end: a real workload process against the backend process, the
/// backend stopped with SIGTERM, and the sealed Parquet trace read back by <c>blkt inspect</c> with
/// exactly the requests the backend says it served. Also the Xen mode's option errors, which need
/// no Xen: each is one line and exit code 2.
/// </summary>
public sealed partial class BackendTraceTests : IDisposable
{
    private const int Sigterm = 15;
    private readonly string _dir = "/tmp/blkt-it-" + Guid.NewGuid().ToString("N")[..8];

    public BackendTraceTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BackendWithTrace_WorkloadThenSigterm_TraceHoldsEveryServedRequest()
    {
        string vbd = Path.Combine(_dir, "vbd");
        string trace = Path.Combine(_dir, "trace");
        using var backend = Process.Start(BlktProcess.StartInfo(
            "backend", "--vbd", vbd, "--store", $"file:{Path.Combine(_dir, "disk.img")},size=16M", "--profile", "linux", "--features", "flush", "--trace", trace, "--hash-data"))!;
        var stdout = backend.StandardOutput.ReadToEndAsync();
        var stderr = backend.StandardError.ReadToEndAsync();
        try
        {
            await VbdWait.ForBackendAsync(vbd);
            var workload = await BlktProcess.RunAsync(["workload", "--vbd", vbd, "--kind", "journal", "--requests", "500", "--duration", "60s", "--seed", "3"], TimeSpan.FromMinutes(2));
            Assert.True(workload.ExitCode == 0, workload.StdOut + workload.StdErr);
            Assert.Contains("flushes as FlushDiskCache", workload.StdOut, StringComparison.Ordinal);

            Assert.Equal(0, Kill(backend.Id, Sigterm));
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await backend.WaitForExitAsync(cts.Token);
            string output = await stdout;
            Assert.True(backend.ExitCode == 0, output + await stderr);
            Assert.Contains("features: feature-flush-cache=1 feature-discard=1", output, StringComparison.Ordinal);
            Assert.Contains("segment(s) in " + trace, output, StringComparison.Ordinal);
            string served = ServedRegex().Match(output).Groups[1].Value;

            var inspect = await BlktProcess.RunAsync("inspect", trace, "--rows", "0");
            Assert.True(inspect.ExitCode == 0, inspect.StdErr);
            Assert.Contains($"kinds: {served} request(s), {served} response(s)", inspect.StdOut, StringComparison.Ordinal);
            Assert.Contains("blktrace.backend.feature-flush-cache = 1", inspect.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("feature-barrier", inspect.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            if (!backend.HasExited)
            {
                backend.Kill(entireProcessTree: true);
            }

            await stderr;
        }
    }

    [Theory]
    [InlineData("--xen --store mem:1M", "--xen needs --domid")]
    [InlineData("--xen --domid 3 --vbd /tmp/none --store mem:1M", "--vbd and --xen")]
    [InlineData("--store mem:1M", "--vbd DIR or --xen --domid N is required")]
    [InlineData("--vbd /tmp/none --store mem:1M --features some", "'some' not recognized")]
    public async Task Backend_BadTransportOptions_ExitTwoWithOneLine(string args, string expected)
    {
        var result = await BlktProcess.RunAsync(["backend", .. args.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backend_XenWithoutXenstored_ExitsTwoNamingXenstore()
    {
        // On a machine that is not a Xen dom0 (this one): the libraries may be installed, xenstored is not running.
        var result = await BlktProcess.RunAsync("backend", "--xen", "--domid", "7", "--store", "mem:1M");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("xen", result.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"\(total ([\d,]+)\)")]
    private static partial Regex ServedRegex();
}
