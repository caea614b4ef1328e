namespace BlkTrace.Analysis.Scan;

/// <summary>
/// Per-bin counters and queue-depth integrals, anchored at <c>ts_ns</c> = 0. When a row falls past
/// <c>maxBins</c>, the width doubles and neighbouring bins merge, so memory is bounded however long
/// the trace runs. Queue depth is integrated per ring over time (in-flight × ns), so a bin's mean is
/// time-weighted rather than sampled at events.
/// </summary>
internal sealed class TimeSeriesBuilder
{
    private readonly int _maxBins;
    private long _cachedStart = 1;
    private long _cachedEnd;
    private int _cachedIndex;

    public TimeSeriesBuilder(long binNs, int maxBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binNs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 2);
        BinNs = binNs;
        _maxBins = maxBins;
    }

    public long BinNs { get; private set; }

    /// <summary>Bins in use: 0 .. the highest index touched.</summary>
    public int Bins { get; private set; }

    public long[] Completed = new long[16];
    public long[] Reads = new long[16];
    public long[] Writes = new long[16];
    public long[] ReadBytes = new long[16];
    public long[] WriteBytes = new long[16];
    public long[] Flushes = new long[16];
    public long[] Errors = new long[16];

    /// <summary>All rings together: the sum of in-flight counts, integrated the same way.</summary>
    public readonly RingBins Total = new(16);

    /// <summary>Per ring (by <c>(ushort)queue</c>): in-flight × ns per bin, and the most in flight per bin.</summary>
    public readonly Dictionary<int, RingBins> Rings = [];

    /// <summary>The bin of <paramref name="ts"/> (negative times fall in bin 0); grows or coarsens as needed.</summary>
    public int IndexOf(long ts)
    {
        if (ts >= _cachedStart && ts < _cachedEnd)
        {
            return _cachedIndex;
        }

        if (ts < 0)
        {
            ts = 0;
        }

        long bin = ts / BinNs;
        while (bin >= _maxBins)
        {
            Coarsen();
            bin = ts / BinNs;
        }

        int index = (int)bin;
        if (index >= Bins)
        {
            EnsureCapacity(index + 1);
            Bins = index + 1;
        }

        _cachedIndex = index;
        _cachedStart = bin * BinNs;
        _cachedEnd = _cachedStart + BinNs;
        return index;
    }

    public RingBins Ring(int queue)
    {
        if (!Rings.TryGetValue(queue, out var ring))
        {
            ring = new RingBins(Math.Max(16, Completed.Length));
            Rings[queue] = ring;
        }

        return ring;
    }

    /// <summary>Adds <paramref name="depth"/> × time over [<paramref name="from"/>, <paramref name="to"/>) into the ring's bins.</summary>
    public void Integrate(RingBins ring, long from, long to, int depth)
    {
        if (to <= from || depth == 0)
        {
            return;
        }

        while (from < to)
        {
            int index = IndexOf(from);
            long end = Math.Min(to, _cachedEnd);
            ring.Integral[index] += depth * (end - from);
            if (depth > ring.Max[index])
            {
                ring.Max[index] = depth;
            }

            from = end;
        }
    }

    private void EnsureCapacity(int bins)
    {
        if (bins <= Completed.Length)
        {
            return;
        }

        int size = Math.Max(bins, Completed.Length * 2);
        Array.Resize(ref Completed, size);
        Array.Resize(ref Reads, size);
        Array.Resize(ref Writes, size);
        Array.Resize(ref ReadBytes, size);
        Array.Resize(ref WriteBytes, size);
        Array.Resize(ref Flushes, size);
        Array.Resize(ref Errors, size);
        Total.EnsureCapacity(size);
        foreach (var ring in Rings.Values)
        {
            ring.EnsureCapacity(size);
        }
    }

    /// <summary>Doubles the bin width: bins 2k and 2k+1 become bin k.</summary>
    private void Coarsen()
    {
        int old = Bins;
        Merge(Completed, old);
        Merge(Reads, old);
        Merge(Writes, old);
        Merge(ReadBytes, old);
        Merge(WriteBytes, old);
        Merge(Flushes, old);
        Merge(Errors, old);
        foreach (var ring in Rings.Values.Append(Total))
        {
            Merge(ring.Integral, old);
            MergeMax(ring.Max, old);
        }

        Bins = (old + 1) / 2;
        BinNs *= 2;
        _cachedStart = 1;
        _cachedEnd = 0;
    }

    private static void Merge(long[] values, int count)
    {
        for (int i = 0; i < count; i++)
        {
            values[i >> 1] = (i & 1) == 0 ? values[i] : values[i >> 1] + values[i];
        }

        Array.Clear(values, (count + 1) / 2, count - ((count + 1) / 2));
    }

    private static void MergeMax(int[] values, int count)
    {
        for (int i = 0; i < count; i++)
        {
            values[i >> 1] = (i & 1) == 0 ? values[i] : Math.Max(values[i >> 1], values[i]);
        }

        Array.Clear(values, (count + 1) / 2, count - ((count + 1) / 2));
    }

    /// <summary>One ring's queue-depth bins.</summary>
    internal sealed class RingBins(int capacity)
    {
        public long[] Integral = new long[capacity];
        public int[] Max = new int[capacity];

        public void EnsureCapacity(int size)
        {
            if (Integral.Length < size)
            {
                Array.Resize(ref Integral, size);
                Array.Resize(ref Max, size);
            }
        }
    }
}
