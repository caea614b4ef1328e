using System.Buffers.Binary;
using System.Xml.Linq;
using BlkTrace.Charts;
using ScottPlot;

namespace BlkTrace.Tests.Charts;

/// <summary>
/// Every chart type renders to a valid PNG of the requested size and to an SVG whose text really
/// is there (title and axis labels as text, not silently dropped for want of a font).
/// </summary>
public sealed class ChartFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "blkt-charts-" + Guid.NewGuid().ToString("N")[..8]);

    public static TheoryData<string> Kinds => ["line", "cdf", "heatmap", "bars"];

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Png_EveryChart_IsValidAtRequestedSize(string kind)
    {
        string path = Path.Combine(_dir, kind + ".png");
        ChartRenderer.Save(Build(kind), path, ChartFormat.Png, new ChartSize(800, 500));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(500, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.False(File.Exists(path + ".tmp.png"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Svg_EveryChart_HasSizeTitleAndAxisLabelsAsText(string kind)
    {
        string path = Path.Combine(_dir, kind + ".svg");
        ChartRenderer.Save(Build(kind), path, ChartFormat.Svg, new ChartSize(900, 450));
        var svg = XDocument.Load(path).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("900", svg.Attribute("width")?.Value);
        Assert.Equal("450", svg.Attribute("height")?.Value);
        string text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("Title of " + kind, text, StringComparison.Ordinal);
        Assert.Contains("X axis (s)", text, StringComparison.Ordinal);
        Assert.Contains("Y axis (MB/s)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_TooSmall_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ChartRenderer.Save(Build("line"), Path.Combine(_dir, "x.png"), ChartFormat.Png, new ChartSize(10, 10)));
    }

    private static Plot Build(string kind)
    {
        var a = new ChartSeries("native-flush", [0, 1, 2, 3], [10, 12, 11, 13]);
        var b = new ChartSeries("cache-replay", [0, 1, 2, 3], [8, 9, 7, 8]);
        return kind switch
        {
            "line" => LineChart.Build("Title of line", "X axis (s)", "Y axis (MB/s)", [a, b]),
            "cdf" => Relabel(CdfChart.Build("Title of cdf", "X axis (s)", [CdfChart.FromSorted("native-flush", [5, 10, 20, 40, 800]), CdfChart.FromSorted("zero-byte", [7, 9, 30, 70, 2000])])),
            "heatmap" => Relabel(HeatmapChart.Build("Title of heatmap", "Y axis (MB/s)", "X axis (s)", "violations", new ChartMatrix(["native-flush", "zero-byte"], ["linux", "qemu", "solaris"], new double[,] { { 0, 0, 1 }, { 3, double.NaN, 0 } }))),
            "bars" => GroupedBarChart.Build("Title of bars", "X axis (s)", "Y axis (MB/s)", ["linux", "qemu"], [a, b]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        static Plot Relabel(Plot p)
        {
            p.YLabel("Y axis (MB/s)");
            return p;
        }
    }
}
