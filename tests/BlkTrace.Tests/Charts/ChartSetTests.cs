using System.Buffers.Binary;
using System.Xml.Linq;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Compare;
using BlkTrace.Charts;
using BlkTrace.Charts.Adapters;

namespace BlkTrace.Tests.Charts;

/// <summary>
/// The chart set drawn from analysis results and compare rows (what <c>blkt chart</c> and
/// <c>blkt demo</c> write): every chart of issue 7 exists in PNG and SVG, at the requested size,
/// with its title and axis labels as real text.
/// </summary>
public sealed class ChartSetTests(ChartSetTests.Written written) : IClassFixture<ChartSetTests.Written>
{
    private static readonly string[] Strategies = ["native-flush", "zero-byte", "cache-replay"];
    private static readonly string[] Profiles = ["linux-2.6.18", "linux", "tapdisk"];

    private readonly string _dir = written.Directory;

    public static TheoryData<string, string, string, string> Charts => new()
    {
        { "throughput", "Throughput over time (replays against linux)", "Time since start (ms)", "Throughput (MB/s, read + write)" },
        { "latency-cdf", "Latency CDF, every request (replays against linux)", "Latency, request to response (µs, log scale)", "Fraction of requests ≤ latency" },
        { "queue-depth", "Queue depth over time (replays against linux)", "Time since start (ms)", "Queue depth (requests in flight, mean per bin)" },
        { "flush-latency", "Flush and barrier latency (replays against linux)", "Replay strategy", "Flush latency, request to response (µs, log scale)" },
        { "matrix-durability", "Durability: crash states that lost acknowledged data", ComparisonCharts.ProfileAxis, ComparisonCharts.StrategyAxis },
        { "matrix-ring-violations", "Ring-level ordering and flush violations", ComparisonCharts.ProfileAxis, ComparisonCharts.StrategyAxis },
        { "matrix-errors", "Error responses (ERROR / EOPNOTSUPP)", ComparisonCharts.ProfileAxis, ComparisonCharts.StrategyAxis },
        { "matrix-iops", "IOPS per strategy and backend profile (as-fast-as-possible replay)", ComparisonCharts.ProfileAxis, "Requests per second (IOPS)" },
    };

    [Fact]
    public void Write_SeriesAndMatrix_WritesEveryChartInBothFormats()
    {
        var files = written.Files;

        string[] expected = [.. ChartSet.SeriesCharts.Concat(ChartSet.MatrixCharts).SelectMany(n => new[] { n + ".png", n + ".svg" })];
        Assert.Equal(expected.Order(StringComparer.Ordinal), files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000, f));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));
        Assert.Equal(16, files.Count);
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void Png_EveryChart_IsValidAtRequestedSize(string name, string title, string xLabel, string yLabel)
    {
        _ = (title, xLabel, yLabel);

        byte[] bytes = File.ReadAllBytes(Path.Combine(_dir, name + ".png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(540, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void Svg_EveryChart_HasSizeTitleAndAxisLabelsAsText(string name, string title, string xLabel, string yLabel)
    {
        var svg = XDocument.Load(Path.Combine(_dir, name + ".svg")).Root!;
        Assert.Equal("900", svg.Attribute("width")?.Value);
        Assert.Equal("540", svg.Attribute("height")?.Value);
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        Assert.Contains(title, texts);
        Assert.Contains(xLabel, texts);
        Assert.Contains(yLabel, texts);
    }

    [Fact]
    public void Svg_Legends_NameEveryStrategy()
    {
        foreach (string name in new[] { "throughput", "latency-cdf", "queue-depth", "matrix-iops" })
        {
            string text = string.Concat(XDocument.Load(Path.Combine(_dir, name + ".svg")).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim() + "\n"));
            Assert.All(Strategies, s => Assert.Contains(s + "\n", text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Matrix_RowsByStrategyAndProfile_NaNWhereMissingOrUnexplored()
    {
        var rows = Rows();
        var m = ComparisonCharts.Matrix(rows.Where(r => !(r.Strategy == "zero-byte" && r.Profile == "linux")).ToList(), ComparisonCharts.DurabilityPercent, Strategies, Profiles);

        Assert.Equal(Strategies, m.Rows);
        Assert.Equal(Profiles, m.Columns);
        Assert.Equal(50.0, m[1, 2]);
        Assert.True(double.IsNaN(m[1, 1]));
        Assert.Null(ComparisonCharts.DurabilityPercent(new ComparisonRow()));
    }

    [Fact]
    public void Matrix_NoCrashExploration_StillDraws()
    {
        var rows = Rows().Select(r => r with { DurabilityStates = null, DurabilityViolations = null }).ToList();

        string path = Path.Combine(_dir, "unexplored.png");
        ChartRenderer.Save(ComparisonCharts.DurabilityViolations("t", rows, Strategies, Profiles), path, ChartFormat.Png, ChartSize.Default);

        Assert.True(File.Exists(path));
    }

    private static List<string> WriteAll(string dir, ChartSize size)
    {
        var results = Strategies.Select((s, i) => new LabelledResult(s, Result(i))).ToList();
        ChartFormat[] both = [ChartFormat.Png, ChartFormat.Svg];
        return
        [
            .. ChartSet.WriteSeries(dir, "replays against linux", results, both, size),
            .. ChartSet.WriteMatrix(dir, Rows(), Strategies, Profiles, both, size),
        ];
    }

    private static List<ComparisonRow> Rows() =>
    [
        .. from s in Strategies.Select((name, i) => (name, i))
           from p in Profiles.Select((name, i) => (name, i))
           select new ComparisonRow
           {
               Name = s.name + "_" + p.name,
               Strategy = s.name,
               Profile = p.name,
               Iops = 1000 * (s.i + 1) + (100 * p.i),
               RingErrors = p.i == 0 && s.i < 2 ? 40 : 0,
               RingViolations = p.i == 2 ? 40 : 0,
               DurabilityStates = 100,
               DurabilityViolations = p.i == 2 ? 50 : 0,
           },
    ];

    /// <summary>A result with 20 bins of 10 ms and latencies from a seeded spread; flushes only for some.</summary>
    private static AnalysisResult Result(int seed)
    {
        var random = new Random(seed + 1);
        var all = new LatencyHistogram();
        var flushes = new LatencyHistogram();
        for (int i = 0; i < 2000; i++)
        {
            long ns = (long)(5_000 * Math.Exp(random.NextDouble() * 4)) * (seed + 1);
            all.Record(ns);
            if (i % 10 == 0)
            {
                flushes.Record(ns * 3);
            }
        }

        const long bin = 10_000_000;
        var bins = Enumerable.Range(0, 20).Select(i => new TimeBin(i * bin, 100, 20, 80, 20 * 8192, 80 * 8192, 5, 0, 10_000 + (seed * 1000), 80 + (10 * Math.Sin(i + seed)), 4 + (i % 5), 8)).ToList();
        return new AnalysisResult
        {
            Trace = new TraceSummary { Name = "r" + seed, LastTsNs = 20 * bin, DurationNs = 20 * bin },
            Series = new TimeSeries(bin, bins, []),
            Latency = [LatencySummary.From(TraceAnalyzer.FlushLatency, flushes), LatencySummary.From(TraceAnalyzer.AllLatency, all)],
        };
    }

    /// <summary>The chart set written once (900×540, PNG and SVG) for every test of the class, deleted after.</summary>
    public sealed class Written : IDisposable
    {
        public Written()
        {
            Files = WriteAll(Directory, new ChartSize(900, 540));
        }

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "blkt-chartset-" + Guid.NewGuid().ToString("N")[..8]);

        public IReadOnlyList<string> Files { get; }

        public void Dispose()
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }
}
