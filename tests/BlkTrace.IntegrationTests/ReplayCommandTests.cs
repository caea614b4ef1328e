using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;
using BlkTrace.Trace.Storage;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// <c>blkt replay</c> and <c>blkt matrix</c> end to end through the real binary: bad inputs are one
/// line and exit code 2, a replay against a running <c>blkt backend</c> goes through its vbd
/// directory and that backend's <c>--trace</c> holds exactly the replay's ring requests.
/// </summary>
public sealed class ReplayCommandTests : IDisposable
{
    private const int Sigterm = 15;
    private readonly TempDir _dir = new();

    private static string Sample(string name) => Path.Combine(RepoRoot(), "sample-traces", name);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("replay")]
    [InlineData("matrix")]
    public async Task ReplayOrMatrix_InputNotABlkTraceTrace_OneLineNamingTheFileExitTwo(string command)
    {
        string bogus = _dir.Sub("notes.parquet");
        await File.WriteAllTextAsync(bogus, "timestamp,op,offset\n1,W,0\n");

        var result = await BlktProcess.RunAsync(command, bogus, "-o", _dir.Sub("out"));

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains(bogus, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Sub("out")) && Directory.EnumerateFileSystemEntries(_dir.Sub("out")).Any());
    }

    [Fact]
    public async Task Replay_ParquetThatIsNotATrace_OneLineExitTwo()
    {
        // A real Parquet file, but not of trace schema v1: the intent log of a replay.
        string intents = _dir.Sub("intents.parquet");
        IntentLogWriter.Write(intents, [new IntentRecord(0, IntentKind.Write, 0, 8, 1, 0, 10, 0, [1], null)], new Dictionary<string, string>());

        var result = await BlktProcess.RunAsync("replay", intents, "-o", _dir.Sub("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(intents, Assert.Single(result.StdErr.Trim().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ExistingFileStoreWithoutForce_OneLineExitTwoFileUntouched()
    {
        string image = _dir.Sub("disk.img");
        await File.WriteAllBytesAsync(image, new byte[4096]);

        var result = await BlktProcess.RunAsync("replay", Sample("journal-linux-2.6.18.parquet"), "--store", "file:" + image, "-o", _dir.Sub("out"));

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains(image, line, StringComparison.Ordinal);
        Assert.Contains("--force", line, StringComparison.Ordinal);
        Assert.Equal(4096, new FileInfo(image).Length);
    }

    [Fact]
    public async Task Replay_OriginalTiming_PrintsOneParagraphAndSummaryHasFidelityFigures()
    {
        string output = _dir.Sub("out");
        var result = await BlktProcess.RunAsync("replay", Sample("journal-linux-2.6.18.parquet"), "--strategy", "zero-byte", "--profile", "linux-2.6.18", "--store", "mem", "--limit", "400", "-o", output);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("under zero-byte", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("became WRITE_BARRIER 0-seg → ERROR, told ERROR", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Issue-time error p50", result.StdOut, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("blktrace.replay-summary", root.GetProperty("schema").GetString());
        Assert.Equal("original", root.GetProperty("timing").GetProperty("mode").GetString());
        var fidelity = root.GetProperty("fidelity");
        Assert.Equal(400, fidelity.GetProperty("issue_error_us").GetProperty("count").GetInt64());
        Assert.True(fidelity.GetProperty("issue_error_us").GetProperty("p99").GetDouble() >= 0);
        Assert.True(fidelity.GetProperty("source_inter_arrival_mean_us").GetDouble() > 0);
        Assert.Equal(399, fidelity.GetProperty("inter_arrival_abs_delta_us").GetProperty("count").GetInt64());
        Assert.Equal(400, fidelity.GetProperty("latency_delta_us").GetProperty("count").GetInt64());
        Assert.True(fidelity.GetProperty("in_flight").GetProperty("source_mean").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(output, "intents.parquet")));
        using var trace = TraceReader.Open(Path.Combine(output, "trace"));
        Assert.Equal("zero-byte", trace.Metadata.Strategy);
        Assert.Equal("original", trace.Metadata.TimingMode);
        Assert.Equal("linux-2.6.18", trace.Metadata.Profile);
        Assert.EndsWith("journal-linux-2.6.18.parquet", trace.Metadata.SourceTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matrix_TimeBudget_EachPairCutAtAnIntentBoundaryAndSaidSo()
    {
        // Four writes, then four more 1000 s later: original timing with a 60 s budget cuts every pair before the late ones.
        string trace = _dir.Sub("early-late");
        using (var writer = new TraceWriter(trace, new TraceMetadata { Sectors = 1 << 16, SectorSize = 512, RingPageOrder = 0, RingSize = 32, Queues = 1, Profile = "linux" }, new TraceWriterOptions { BaseName = "source" }))
        {
            long seq = 0;
            for (int i = 0; i < 8; i++)
            {
                long ts = 1_000_000 + (i * 100_000L) + (i >= 4 ? 1_000_000_000_000 : 0);
                writer.Append(new RingEvent { Seq = seq++, TsNs = ts, Kind = RingEventKind.Request, Id = (ulong)i + 1, Operation = BlkTrace.Protocol.Blkif.BlkifOperation.Write, NrSegments = 1, Sector = (ulong)i * 8, NrSectors = 8 });
                writer.Append(new RingEvent { Seq = seq++, TsNs = ts + 20_000, Kind = RingEventKind.Response, Id = (ulong)i + 1, Operation = BlkTrace.Protocol.Blkif.BlkifOperation.Write, Status = BlkTrace.Protocol.Blkif.BlkifStatus.Okay });
            }
        }

        string output = _dir.Sub("m-budget");
        var result = await BlktProcess.RunAsync("matrix", trace, "--strategies", "native-flush,zero-byte", "--profiles", "qemu", "--timing", "original", "--time-budget", "60s", "-o", output);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("time budget 60 s per pair: 2 of 2 pairs were cut short", result.StdOut, StringComparison.Ordinal);
        using var matrix = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "matrix.json")));
        foreach (var cell in matrix.RootElement.GetProperty("cells").EnumerateArray())
        {
            Assert.Contains("replayed 4 of 8 intents", cell.GetProperty("truncated").GetString(), StringComparison.Ordinal);
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "native-flush_qemu", "summary.json")));
        Assert.Equal(4, summary.RootElement.GetProperty("truncated").GetProperty("intents_replayed").GetInt32());
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    public async Task Matrix_BadTimeBudget_OneLineExit2(string budget)
    {
        var result = await BlktProcess.RunAsync("matrix", Sample("journal-linux-2.6.18.parquet"), "--time-budget", budget, "-o", _dir.Sub("bad"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--time-budget", result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Matrix_TwoByTwo_FlushFateTableAndOneDirectoryPerPair()
    {
        string output = _dir.Sub("m");
        var result = await BlktProcess.RunAsync("matrix", Sample("journal-linux-2.6.18.parquet"), "--strategies", "zero-byte,linux-blkfront", "--profiles", "linux-2.6.18,qemu", "--limit", "300", "-o", output);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("4 pairs in", result.StdOut, StringComparison.Ordinal);
        var rows = result.StdOut.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(rows, r => r is ["flush", "intents", "linux-2.6.18", "qemu"]);
        Assert.Contains(rows, r => r is ["zero-byte", "err", "60", "err", "60"]);
        Assert.Contains(rows, r => r is ["linux-blkfront", "ok*", "60", "ok", "60"]);
        Assert.True(File.Exists(Path.Combine(output, "matrix.json")));
        foreach (string pair in new[] { "zero-byte_linux-2.6.18", "zero-byte_qemu", "linux-blkfront_linux-2.6.18", "linux-blkfront_qemu" })
        {
            Assert.True(File.Exists(Path.Combine(output, pair, "summary.json")), pair);
        }
    }

    [Fact]
    public async Task Replay_VbdOfARunningBackend_BackendsTraceHoldsEveryReplayedRequest()
    {
        string vbd = _dir.Sub("vbd");
        string backendTrace = _dir.Sub("backend-trace");
        string output = _dir.Sub("out");
        using var backend = Process.Start(BlktProcess.StartInfo(
            "backend", "--vbd", vbd, "--store", "mem:256M,cache", "--profile", "linux", "--trace", backendTrace, "--hash-data"))!;
        var stdout = backend.StandardOutput.ReadToEndAsync();
        var stderr = backend.StandardError.ReadToEndAsync();
        try
        {
            await VbdWait.ForBackendAsync(vbd);
            var replay = await BlktProcess.RunAsync(["replay", Sample("journal-linux-2.6.18.parquet"), "--vbd", vbd, "--strategy", "native-flush", "--timing", "afap", "--limit", "500", "-o", output], TimeSpan.FromMinutes(3));
            Assert.True(replay.ExitCode == 0, replay.StdOut + replay.StdErr);
            Assert.Contains("vbd", replay.StdOut, StringComparison.Ordinal);

            Assert.Equal(0, Kill(backend.Id, Sigterm));
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await backend.WaitForExitAsync(cts.Token);
            Assert.True(backend.ExitCode == 0, await stdout + await stderr);

            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            var root = summary.RootElement;
            Assert.Equal("vbd", root.GetProperty("target").GetProperty("kind").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("outputs").GetProperty("trace").ValueKind);
            Assert.Equal(500, root.GetProperty("intents").GetProperty("completed").GetInt64());
            Assert.Equal(0, root.GetProperty("verification").GetProperty("failures").GetInt64());
            Assert.Equal(0, root.GetProperty("errors").GetProperty("guest_errors").GetInt64());
            Assert.False(Directory.Exists(Path.Combine(output, "trace")));

            using var reader = TraceReader.Open(backendTrace);
            var requests = reader.ReadAllRows().Where(e => e.Kind == RingEventKind.Request).Select(e => e.Id).ToHashSet();
            Assert.Equal(root.GetProperty("ring").GetProperty("requests").GetInt64(), requests.Count);
            var logged = IntentLogReader.Read(Path.Combine(output, "intents.parquet")).Rows.SelectMany(r => r.RingIds).ToList();
            Assert.Equal(requests.Count, logged.Count);
            Assert.All(logged, id => Assert.Contains(id, requests));
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

    private static string RepoRoot()
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

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
