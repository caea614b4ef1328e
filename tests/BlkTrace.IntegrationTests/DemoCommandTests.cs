using System.Buffers.Binary;
using System.Text.Json;
using System.Xml.Linq;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// <c>blkt demo</c> end to end with the real binary: it captures through its own <c>blkt backend</c>
/// child, replays the matrix, analyses it and writes the report, the matrix (every strategy × every
/// profile) and every chart. Then <c>blkt chart</c> redraws the matrix it left, and a second demo
/// refuses a directory it did not write.
/// </summary>
public sealed class DemoCommandTests
{
    private static readonly string[] Strategies = ["native-flush", "zero-byte", "cache-replay", "write-through", "linux-blkfront", "xdf", "auto"];
    private static readonly string[] Profiles = ["linux-2.6.18", "linux-2.6.18-2008", "linux", "qemu", "solaris", "freebsd", "netbsd", "tapdisk"];
    private static readonly string[] Charts = ["throughput", "latency-cdf", "queue-depth", "flush-latency", "matrix-durability", "matrix-ring-violations", "matrix-errors", "matrix-iops"];

    [Fact]
    public async Task Demo_IntoTempDirectory_WritesReportMatrixAndEveryChart()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("out");

        var run = await BlktProcess.RunAsync(["demo", "-o", dir, "--requests", "1200", "--width", "800", "--height", "500"], TimeSpan.FromMinutes(8));

        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.Contains("blkt demo: report " + Path.Combine(dir, "report.md"), run.StdOut, StringComparison.Ordinal);

        // The capture really went through a backend process's tap.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "capture"), "*.parquet"));

        // The matrix: one row per strategy × profile, in every format.
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "matrix.json")));
        var pairs = json.RootElement.EnumerateArray().Select(r => (r.GetProperty("strategy").GetString(), r.GetProperty("profile").GetString())).ToHashSet();
        var expected = Strategies.SelectMany(s => Profiles.Select(p => ((string?)s, (string?)p))).ToHashSet();
        Assert.Equal(expected, pairs);
        Assert.All(json.RootElement.EnumerateArray(), r => Assert.True(r.GetProperty("durability_states").GetInt64() > 0, r.GetProperty("name").GetString()));
        string[] csv = await File.ReadAllLinesAsync(Path.Combine(dir, "matrix.csv"));
        Assert.Equal(1 + 56, csv.Length);
        string md = await File.ReadAllTextAsync(Path.Combine(dir, "matrix.md"));
        Assert.All(expected, p => Assert.Contains($"| {p.Item1}_{p.Item2} | {p.Item1} | {p.Item2} |", md, StringComparison.Ordinal));

        // The report: verdict grid, findings in blkif terms, the charts linked.
        string report = await File.ReadAllTextAsync(Path.Combine(dir, "report.md"));
        Assert.Contains("## Findings", report, StringComparison.Ordinal);
        Assert.All(Strategies, s => Assert.Contains("| " + s + " |", report, StringComparison.Ordinal));
        Assert.Contains("**linux-blkfront** loses writes the guest was told were durable against `linux-2.6.18`", report, StringComparison.Ordinal);
        Assert.Contains("**zero-byte**: WRITE_BARRIER 0-seg → ERROR → told ERROR against `linux-2.6.18`", report, StringComparison.Ordinal);
        Assert.Contains("**cache-replay** turns each flush into a 1-segment WRITE_BARRIER", report, StringComparison.Ordinal);

        foreach (string chart in Charts)
        {
            Assert.Contains($"](charts/{chart}.png)", report, StringComparison.Ordinal);
            byte[] png = await File.ReadAllBytesAsync(Path.Combine(dir, "charts", chart + ".png"));
            Assert.Equal(0x89, png[0]);
            Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(500, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            var svg = XDocument.Load(Path.Combine(dir, "charts", chart + ".svg")).Root!;
            Assert.Equal("800", svg.Attribute("width")?.Value);
            Assert.True(svg.Descendants().Count(e => e.Name.LocalName == "text") >= 3, chart);
        }

        // blkt chart redraws the matrix the demo left.
        var chart2 = await BlktProcess.RunAsync(["chart", Path.Combine(dir, "replays"), "-o", tmp.Sub("charts"), "--format", "svg", "--no-crash"], TimeSpan.FromMinutes(4));
        Assert.True(chart2.ExitCode == 0, chart2.StdOut + chart2.StdErr);
        Assert.All(Charts, c => Assert.True(File.Exists(Path.Combine(tmp.Sub("charts"), c + ".svg")), c));
        Assert.Empty(Directory.GetFiles(tmp.Sub("charts"), "*.png"));
    }

    [Fact]
    public async Task Demo_NonEmptyDirectoryNotADemo_ExitsTwoWithOneLine()
    {
        using var tmp = new TempDir();
        await File.WriteAllTextAsync(tmp.Sub("precious.txt"), "keep me");

        var run = await BlktProcess.RunAsync("demo", "-o", tmp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StdErr.Trim().Split('\n'));
        Assert.Contains("not a previous blkt demo output", run.StdErr, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(tmp.Sub("precious.txt")));
    }

    [Fact]
    public async Task Chart_MissingInput_ExitsTwoWithOneLine()
    {
        using var tmp = new TempDir();

        var run = await BlktProcess.RunAsync("chart", tmp.Sub("nothing"), "-o", tmp.Sub("c"));

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StdErr.Trim().Split('\n'));
        Assert.Contains("nothing", run.StdErr, StringComparison.Ordinal);
    }
}
