using System.Numerics;

namespace BlkTrace.Analysis;

/// <summary>
/// A log-linear latency histogram in the style of HdrHistogram: fixed memory (7,296 counters),
/// exact below 256 ns, then 128 linear sub-buckets per power of two, so a reported value is at most
/// 1/128 (0.78 %) above the true one. Min, max and mean are exact.
/// </summary>
/// <remarks>
/// The bucketing is chosen so plain SQL can reproduce it exactly (<c>notebooks/sql</c>): a value
/// <c>v</c> ≥ 256 with <c>e = floor(log2 v)</c> falls in the bucket of width <c>2^(e-7)</c> that holds
/// it. A percentile is nearest-rank: the smallest bucket whose cumulative count reaches
/// <c>ceil(p × count)</c>, reported as that bucket's highest value, capped at the exact maximum.
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>Values below this are counted exactly.</summary>
    public const long ExactBelow = 256;

    /// <summary>log2 of the sub-buckets per power of two above <see cref="ExactBelow"/>.</summary>
    public const int SubBucketBits = 7;

    private const int SubBuckets = 1 << SubBucketBits;
    private const int BucketCount = (int)ExactBelow + (55 * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private Int128 _sum;

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The smallest value recorded (0 when empty).</summary>
    public long Min { get; private set; } = long.MaxValue;

    /// <summary>The largest value recorded (0 when empty).</summary>
    public long Max { get; private set; }

    /// <summary>Values below zero that were recorded as 0 (a clock that stepped backwards).</summary>
    public long Clamped { get; private set; }

    /// <summary>The exact mean (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    /// <summary>The bucket a value falls in.</summary>
    public static int BucketOf(long value)
    {
        if (value < ExactBelow)
        {
            return (int)Math.Max(0, value);
        }

        int e = 63 - BitOperations.LeadingZeroCount((ulong)value);
        int shift = e - SubBucketBits;
        return (int)ExactBelow + ((shift - 1) * SubBuckets) + (int)((value >> shift) - SubBuckets);
    }

    /// <summary>The highest value that falls in <paramref name="bucket"/> (what a percentile reports).</summary>
    public static long HighestInBucket(int bucket)
    {
        if (bucket < ExactBelow)
        {
            return bucket;
        }

        int shift = ((bucket - (int)ExactBelow) / SubBuckets) + 1;
        long sub = ((bucket - (int)ExactBelow) % SubBuckets) + SubBuckets;
        return (sub << shift) + (1L << shift) - 1;
    }

    /// <summary>Records one value (negative values count as 0).</summary>
    public void Record(long value)
    {
        if (value < 0)
        {
            Clamped++;
            value = 0;
        }

        _counts[BucketOf(value)]++;
        Count++;
        _sum += value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sum += other._sum;
        Clamped += other.Clamped;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// The nearest-rank percentile, <paramref name="perTenThousand"/> / 100 %, e.g. 9900 for p99: the
    /// highest value of the first bucket whose cumulative count reaches <c>ceil(p × count)</c>, capped at
    /// <see cref="Max"/>. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(int perTenThousand)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perTenThousand);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perTenThousand, 10_000);
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, RankOf(perTenThousand, Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestInBucket(i), Max);
            }
        }

        return Max;
    }

    /// <summary>
    /// The CDF as (value, fraction ≤ value) points at bucket edges: every non-empty bucket, merged down
    /// to at most <paramref name="maxPoints"/> points (the last point is always (max, 1)).
    /// </summary>
    public IReadOnlyList<CdfPoint> Cdf(int maxPoints = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var points = new List<CdfPoint>();
        if (Count == 0)
        {
            return points;
        }

        int nonEmpty = 0;
        foreach (long c in _counts)
        {
            if (c != 0)
            {
                nonEmpty++;
            }
        }

        int stride = (nonEmpty + maxPoints - 1) / maxPoints;
        long seen = 0;
        int k = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0)
            {
                continue;
            }

            seen += _counts[i];
            k++;
            if (k % stride == 0 || seen == Count)
            {
                points.Add(new CdfPoint(Math.Min(HighestInBucket(i), Max), (double)seen / Count));
            }

            if (seen == Count)
            {
                break;
            }
        }

        return points;
    }

    /// <summary><c>ceil(perTenThousand × count / 10000)</c> in integers (the SQL files compute the same).</summary>
    internal static long RankOf(int perTenThousand, long count) =>
        (long)(((Int128)perTenThousand * count + 9_999) / 10_000);
}
