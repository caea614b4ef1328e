using BlkTrace.Analysis;

namespace BlkTrace.Tests.Analysis;

public class TimeSeriesRegroupingTests
{
    private const long Ms = 1_000_000;

    private static TimeSeries Series(int bins, long startNs = 0) =>
        new(Ms, [.. Enumerable.Range(0, bins).Select(i => new TimeBin(startNs + (i * Ms), 2, 1, 1, 4096, 8192, i % 2, 0, 2 / 1e-3, 12288 / 1e-3 / 1e6, i % 2 == 0 ? 1.0 : 3.0, i % 7))], []);

    [Fact]
    public void Regroup_FitsAlready_SeriesUnchanged()
    {
        var s = Series(40);

        var (width, bins) = TimeSeriesRegrouping.Regroup(s, 0, 40 * Ms, 60);

        Assert.Equal(Ms, width);
        Assert.Same(s.Bins, bins);
    }

    [Fact]
    public void Regroup_HundredOneMsBins_FiftyTwoMsBinsWithSumsRatesAndWeightedDepth()
    {
        var (width, bins) = TimeSeriesRegrouping.Regroup(Series(100), 0, 100 * Ms, 60);

        Assert.Equal(2 * Ms, width);
        Assert.Equal(50, bins.Count);
        var b = bins[3];
        Assert.Equal((6 * Ms, 4L, 2L, 2L, 8192L, 16384L, 1L, 0L), (b.StartNs, b.Completed, b.Reads, b.Writes, b.ReadBytes, b.WriteBytes, b.Flushes, b.Errors));
        Assert.Equal(4 / 2e-3, b.Iops, 9);
        Assert.Equal(24576 / 2e-3 / 1e6, b.MBps, 9);
        Assert.Equal(2.0, b.QueueDepthMean, 12); // 1 and 3 over equal time
        Assert.Equal(Math.Max(6 % 7, 7 % 7), b.QueueDepthMax);
    }

    [Fact]
    public void Regroup_PartlyCoveredEdgeBins_DepthWeightedByCoveredTime()
    {
        // Trace from 0.5 ms to 100 ms: the first 1 ms bin (depth 1) is half covered, its neighbour (depth 3) fully.
        var (width, bins) = TimeSeriesRegrouping.Regroup(Series(100), Ms / 2, 100 * Ms, 60);

        Assert.Equal(2 * Ms, width);
        Assert.Equal(((1.0 * 0.5) + (3.0 * 1)) / 1.5, bins[0].QueueDepthMean, 12);
    }

    [Fact]
    public void Regroup_NoRoundWidthIsAMultiple_PicksTheNextThatIs()
    {
        // 4 ms bins: 10 ms is no multiple, 20 ms is (×5).
        var s = new TimeSeries(4 * Ms, [.. Enumerable.Range(0, 100).Select(i => new TimeBin(i * 4 * Ms, 1, 0, 1, 0, 512, 0, 0, 250, 0.128, 1, 1))], []);

        var (width, bins) = TimeSeriesRegrouping.Regroup(s, 0, 400 * Ms, 30);

        Assert.Equal(20 * Ms, width);
        Assert.Equal(20, bins.Count);
        Assert.All(bins, b => Assert.Equal(5, b.Completed));
    }

    [Theory]
    [InlineData(1_000_000L, "1 ms")]
    [InlineData(20_000_000L, "20 ms")]
    [InlineData(1_000_000_000L, "1 s")]
    [InlineData(65_536_000_000L, "65.536 s")]
    [InlineData(250_000L, "250 µs")]
    [InlineData(512L, "512 ns")]
    public void Duration_Widths_ReadAsPeopleWriteThem(long ns, string expected)
    {
        Assert.Equal(expected, TimeSeriesRegrouping.Duration(ns));
    }
}
