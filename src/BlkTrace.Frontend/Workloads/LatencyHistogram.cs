using System.Diagnostics;

namespace BlkTrace.Frontend.Workloads;

/// <summary>
/// Completion latencies in log-linear buckets (16 per power of two of nanoseconds, ≤ 6 % error),
/// allocation-free after construction.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 16;
    private readonly long[] _buckets = new long[64 * SubBuckets];
    private long _count;
    private long _maxNs;
    private double _sumNs;

    /// <summary>Samples recorded.</summary>
    public long Count => _count;

    /// <summary>Mean in microseconds.</summary>
    public double MeanMicroseconds => _count == 0 ? 0 : _sumNs / _count / 1000;

    /// <summary>Largest sample in microseconds.</summary>
    public double MaxMicroseconds => _maxNs / 1000.0;

    /// <summary>Records a latency given as two <see cref="Stopwatch"/> timestamps.</summary>
    public void Record(long startTimestamp, long endTimestamp)
    {
        long ns = (long)((endTimestamp - startTimestamp) * (1e9 / Stopwatch.Frequency));
        if (ns < 0)
        {
            ns = 0;
        }

        _buckets[Bucket(ns)]++;
        _count++;
        _sumNs += ns;
        if (ns > _maxNs)
        {
            _maxNs = ns;
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in microseconds (bucket upper bound).</summary>
    public double PercentileMicroseconds(double q)
    {
        if (_count == 0)
        {
            return 0;
        }

        long rank = (long)Math.Ceiling(q * _count);
        long seen = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= rank && _buckets[i] > 0)
            {
                return Math.Min(UpperBound(i), _maxNs) / 1000.0;
            }
        }

        return _maxNs / 1000.0;
    }

    private static int Bucket(long ns)
    {
        if (ns < SubBuckets)
        {
            return (int)ns;
        }

        int log = 63 - (int)long.LeadingZeroCount(ns);
        int sub = (int)((ns >> (log - 4)) & (SubBuckets - 1));
        return ((log - 3) * SubBuckets) + sub;
    }

    private static long UpperBound(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        int log = (bucket / SubBuckets) + 3;
        long sub = bucket % SubBuckets;
        return ((SubBuckets + sub + 1) << (log - 4)) - 1;
    }
}
