using BlkTrace.Analysis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BlkTrace.Tests.Analysis;

public class LatencyHistogramTests
{
    [Theory]
    [InlineData(0L, 0, 0L)]
    [InlineData(255L, 255, 255L)]
    [InlineData(256L, 256, 257L)]
    [InlineData(257L, 256, 257L)]
    [InlineData(511L, 383, 511L)]
    [InlineData(512L, 384, 515L)]
    [InlineData(1_000_000L, 1780, 1_003_519L)]
    public void Bucket_KnownValues_HaveKnownIndexAndHighestValue(long value, int bucket, long highest)
    {
        Assert.Equal(bucket, LatencyHistogram.BucketOf(value));
        Assert.Equal(highest, LatencyHistogram.HighestInBucket(bucket));
    }

    [Property(MaxTest = 2000)]
    public Property Bucket_AnyValue_HighestIsWithinOneIn128Above(long raw)
    {
        long value = raw == long.MinValue ? long.MaxValue : Math.Abs(raw);
        int bucket = LatencyHistogram.BucketOf(value);
        long highest = LatencyHistogram.HighestInBucket(bucket);
        bool ordered = bucket == 0 || LatencyHistogram.HighestInBucket(bucket - 1) < value;
        return (highest >= value && (highest - value) <= value / 128.0 && ordered).ToProperty();
    }

    [Fact]
    public void Percentile_Empty_IsZero()
    {
        var h = new LatencyHistogram();
        Assert.Equal((0L, 0L, 0L, 0.0), (h.ValueAtPercentile(9900), h.Min == long.MaxValue ? 0 : h.Min, h.Max, h.Mean));
        Assert.Empty(h.Cdf());
    }

    [Fact]
    public void Cdf_ManyBuckets_MergedDownEndingAtMaxAndOne()
    {
        var h = new LatencyHistogram();
        for (long v = 0; v < 5000; v++)
        {
            h.Record(v);
        }

        var cdf = h.Cdf(50);

        Assert.True(cdf.Count <= 51);
        Assert.Equal((4999L, 1.0), (cdf[^1].ValueNs, cdf[^1].Fraction));
        Assert.True(cdf.Zip(cdf.Skip(1)).All(p => p.First.ValueNs < p.Second.ValueNs && p.First.Fraction < p.Second.Fraction));
    }

    [Fact]
    public void Record_NegativeValue_CountsAsZeroAndIsReported()
    {
        var h = new LatencyHistogram();
        h.Record(-5);
        Assert.Equal((1L, 0L, 1L), (h.Count, h.Max, h.Clamped));
    }
}
