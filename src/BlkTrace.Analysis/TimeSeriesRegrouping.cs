using System.Globalization;

namespace BlkTrace.Analysis;

/// <summary>
/// Merges a time series' bins into fewer, wider ones of a round width (1, 2 or 5 × 10^k ns, a
/// multiple of the bin width) so a text report shows the whole trace in a screenful. Counts add up;
/// rates are over the wider bin; queue-depth means are weighted by the time each bin covers.
/// </summary>
public static class TimeSeriesRegrouping
{
    /// <summary>
    /// The narrowest round width giving at most <paramref name="maxRows"/> bins over
    /// [<paramref name="firstNs"/>, <paramref name="lastNs"/>], and the merged bins; the series as it
    /// is when it already fits.
    /// </summary>
    public static (long WidthNs, IReadOnlyList<TimeBin> Bins) Regroup(TimeSeries series, long firstNs, long lastNs, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(series);
        long bin = series.BinNs;
        if (series.Bins.Count <= Math.Max(1, maxRows) || bin <= 0)
        {
            return (bin, series.Bins);
        }

        long width = bin;
        foreach (long w in RoundWidths())
        {
            if (w >= bin && w % bin == 0 && (lastNs / w) - (firstNs / w) + 1 <= maxRows)
            {
                width = w;
                break;
            }
        }

        if (width == bin)
        {
            return (bin, series.Bins);
        }

        var merged = new List<TimeBin>();
        foreach (var group in series.Bins.GroupBy(b => b.StartNs / width))
        {
            long start = group.Key * width;
            double weighted = 0;
            long time = 0;
            foreach (var b in group)
            {
                long covered = Math.Max(0, Math.Min(b.StartNs + bin, lastNs) - Math.Max(b.StartNs, firstNs));
                weighted += b.QueueDepthMean * covered;
                time += covered;
            }

            long completed = group.Sum(b => b.Completed);
            long readBytes = group.Sum(b => b.ReadBytes);
            long writeBytes = group.Sum(b => b.WriteBytes);
            double seconds = width / 1e9;
            merged.Add(new TimeBin(
                start,
                completed,
                group.Sum(b => b.Reads),
                group.Sum(b => b.Writes),
                readBytes,
                writeBytes,
                group.Sum(b => b.Flushes),
                group.Sum(b => b.Errors),
                completed / seconds,
                (readBytes + writeBytes) / 1e6 / seconds,
                time > 0 ? weighted / time : 0,
                group.Max(b => b.QueueDepthMax)));
        }

        return (width, merged);
    }

    /// <summary>A width for people: <c>10 ms</c>, <c>1 s</c>, <c>250 µs</c>, <c>65.536 s</c>.</summary>
    public static string Duration(long ns)
    {
        (double Scale, string Unit) u = ns switch
        {
            >= 1_000_000_000 => (1e9, "s"),
            >= 1_000_000 => (1e6, "ms"),
            >= 1_000 => (1e3, "µs"),
            _ => (1, "ns"),
        };
        return (ns / u.Scale).ToString("0.######", CultureInfo.InvariantCulture) + " " + u.Unit;
    }

    private static IEnumerable<long> RoundWidths()
    {
        for (long p = 1; p <= long.MaxValue / 10; p *= 10)
        {
            yield return p;
            yield return 2 * p;
            yield return 5 * p;
        }
    }
}
