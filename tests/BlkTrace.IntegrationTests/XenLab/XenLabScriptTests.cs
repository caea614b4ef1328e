using System.Diagnostics;

namespace BlkTrace.IntegrationTests.XenLab;

// The lab itself boots Xen under QEMU for minutes (bash tests/XenLab/run.sh, .ci/xenlab); these
// checks keep its scripts sound on every test run, in milliseconds, without booting anything.
public class XenLabScriptTests
{
    private static readonly string LabDirectory = Path.Combine(RepositoryRoot(), "tests", "XenLab");

    public static TheoryData<string> Scripts() =>
    [
        "run.sh", "lib/fetch.sh", "lib/build-images.sh", "lib/publish.sh", "lib/summarize.sh", "lib/summarize-trace.sh", "lib/host-smoke.sh", "lib/save-captures.sh", "lib/feature-table.sh",
    ];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_BashSyntaxCheck_Passes(string script)
    {
        var (code, _, err) = await RunAsync("bash", "-n", Path.Combine(LabDirectory, script));

        Assert.True(code == 0, err);
    }

    [Theory]
    [InlineData("dom0/init")]
    [InlineData("guest/init")]
    public async Task InitScript_BusyboxShellSyntaxCheck_Passes(string script)
    {
        // Both inits run under busybox ash (/bin/sh in the images); dash is the closest host shell.
        var (code, _, err) = await RunAsync("sh", "-n", Path.Combine(LabDirectory, script));

        Assert.True(code == 0, err);
    }

    [Fact]
    public async Task RunSh_UnknownScenario_ExitsTwoNamingIt()
    {
        var (code, _, err) = await RunAsync("bash", Path.Combine(LabDirectory, "run.sh"), "no-such-scenario");

        Assert.Equal(2, code);
        Assert.Contains("no-such-scenario", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_RequestLog_CountsOpsAndRunLengthEncodesTheSequence()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"blkt-xenlab-{Environment.ProcessId}.csv");
        await File.WriteAllLinesAsync(csv,
        [
            "seq,ts_ns,kind,ring_idx,id,op,nr_segments,sector,nr_sectors,status",
            "0,10,0,0,1,1,11,0,88,", "1,20,1,0,1,1,0,0,0,0",
            "2,30,0,1,2,1,1,88,8,", "3,40,1,1,2,1,0,0,0,0",
            "4,50,0,2,3,3,0,0,0,", "5,60,1,2,3,3,0,0,0,-2",
            "6,70,0,3,4,2,1,96,8,", "7,80,1,3,4,2,0,0,0,0",
        ]);
        try
        {
            var (code, output, err) = await RunAsync("bash", Path.Combine(LabDirectory, "lib", "summarize.sh"), csv);

            Assert.True(code == 0, err);
            Assert.Contains("requests=4 WRITE=2 WRITE_BARRIER=1 FLUSH_DISKCACHE=1(1 with 0 segments) EOPNOTSUPP-responses=1", output, StringComparison.Ordinal);
            Assert.Contains("sequence: W2 F B", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Summarize_TraceCsvWithIndirectAndStoreFlushes_NamesTheInnerOperation()
    {
        // The shape summarize-trace.sh makes of a Parquet trace: an 11th column for INDIRECT's inner op, kind 2 for store flushes.
        string csv = Path.Combine(Path.GetTempPath(), $"blkt-xenlab-trace-{Environment.ProcessId}.csv");
        await File.WriteAllLinesAsync(csv,
        [
            "seq,ts_ns,kind,ring_idx,id,op,nr_segments,sector,nr_sectors,status,indirect_op",
            "0,10,0,0,1,6,64,0,512,,1", "1,20,1,0,1,1,0,0,0,0,",
            "2,30,0,1,2,6,64,512,512,,1", "3,40,1,1,2,1,0,0,0,0,",
            "4,50,0,2,3,3,0,0,0,,", "5,55,2,0,3,0,0,0,0,,", "6,60,1,2,3,3,0,0,0,0,",
            "7,70,0,3,4,6,8,0,64,,0", "8,80,1,3,4,0,0,0,0,0,",
        ]);
        try
        {
            var (code, output, err) = await RunAsync("bash", Path.Combine(LabDirectory, "lib", "summarize.sh"), csv);

            Assert.True(code == 0, err);
            Assert.Contains("requests=4 FLUSH_DISKCACHE=1(1 with 0 segments) INDIRECT_READ=1 INDIRECT_WRITE=2 all-responses=OKAY store-flushes=1", output, StringComparison.Ordinal);
            Assert.Contains("sequence: IW2 F IR", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlkTrace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BlkTrace.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Code, string StdOut, string StdErr)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
