using System.Text.Json;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// <c>blkt analyze</c> and <c>blkt compare</c> as a user runs them: the real binary, real sample
/// traces, a real <c>blkt matrix</c> run; bad input is one line on stderr and exit code 2. (The
/// sample traces' golden reports are <see cref="SampleTraceBaselineTests"/>.)
/// </summary>
public sealed class AnalyzeCompareCommandTests : IDisposable
{
    private static readonly string Samples = Path.Combine(RepoRoot(), "sample-traces");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Analyze_Json_IsTheResult()
    {
        var result = await BlktProcess.RunAsync("analyze", Path.Combine(Samples, "journal-linux-2.6.18.parquet"), "--json", "--bin", "10ms");

        Assert.True(result.ExitCode == 0, result.StdErr);
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(10_000_000, doc.RootElement.GetProperty("series").GetProperty("bin_ns").GetInt64());
    }

    [Theory]
    [InlineData("analyze", "/nonexistent/trace.parquet")]
    [InlineData("analyze", "--bin", "soon", "/nonexistent/trace.parquet")]
    [InlineData("compare", "/nonexistent/replay")]
    [InlineData("compare", "--format", "xml", "/tmp")]
    public async Task BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        var result = await BlktProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task Compare_MatrixJsonNotJson_ExitsTwoNamingTheFile()
    {
        File.WriteAllText(_dir.Sub("matrix.json"), "{ not json");

        var result = await BlktProcess.RunAsync("compare", _dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("matrix.json: not JSON", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_NotAParquetFile_ExitsTwoWithOneLine()
    {
        File.WriteAllText(_dir.Sub("bogus.parquet"), "this is not parquet");

        var result = await BlktProcess.RunAsync("compare", _dir.Sub("bogus.parquet"));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("bogus.parquet", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatrixThenCompare_JournalTrace_OneRowPerCellInEveryFormat()
    {
        string matrix = _dir.Sub("m");
        var run = await BlktProcess.RunAsync(
            ["matrix", Path.Combine(Samples, "journal-linux-2.6.18.parquet"), "-o", matrix, "--strategies", "native-flush,linux-blkfront", "--profiles", "linux,linux-2.6.18", "--limit", "400"],
            TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, run.StdErr);

        var text = await BlktProcess.RunAsync("compare", matrix);
        var csv = await BlktProcess.RunAsync("compare", matrix, "--format", "csv");
        var md = await BlktProcess.RunAsync("compare", matrix, "--format", "md");
        var json = await BlktProcess.RunAsync("compare", matrix, "--format", "json");

        Assert.All([text, csv, md, json], r => Assert.True(r.ExitCode == 0, r.StdErr));
        var lines = text.StdOut.Split('\n');
        Assert.StartsWith("profile", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("linux-2.6.18  linux-blkfront", StringComparison.Ordinal) && l.Contains("lost-durable-write", StringComparison.Ordinal));
        Assert.Equal(5, csv.StdOut.TrimEnd('\n').Split('\n').Length);
        Assert.StartsWith("| profile | strategy |", md.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.StdOut);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        var blkfront = rows.Single(r => r.GetProperty("name").GetString() == "linux-blkfront_linux-2.6.18");
        Assert.True(blkfront.GetProperty("flushes_okay_without_ring_okay").GetInt64() > 0);
        var native = rows.Single(r => r.GetProperty("name").GetString() == "native-flush_linux");
        Assert.Equal(0, native.GetProperty("durability_violations").GetInt64());
        Assert.True(native.GetProperty("durability_states").GetInt64() > 0);
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
}
