using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// Computes <see cref="IntentFigures"/> from an intent log and its ring trace. Only the ring rows of
/// flush intents' requests are kept (replay request ids are unique over a replay, intents.md), so
/// memory follows the number of flushes, not the trace.
/// </summary>
public static class IntentFigureCalculator
{
    private const TraceColumns Columns = TraceColumns.Kind | TraceColumns.Id | TraceColumns.Op | TraceColumns.IndirectOp | TraceColumns.NrSectors | TraceColumns.Status;

    /// <summary>
    /// The figures of <paramref name="log"/>'s workload intents: those from
    /// <paramref name="firstWorkloadSeq"/> on (the strategy's connect-time intents come first).
    /// <paramref name="tracePath"/> null treats every flush's ring requests as unanswered.
    /// </summary>
    public static IntentFigures Compute(IntentLog log, string? tracePath, long firstWorkloadSeq = 0)
    {
        ArgumentNullException.ThrowIfNull(log);
        var workload = log.Rows.Where(r => r.IntentSeq >= firstWorkloadSeq).ToList();
        var flushIds = new HashSet<ulong>(workload.Where(r => r.Kind == IntentKind.Flush).SelectMany(r => r.RingIds));
        var ring = tracePath is null ? [] : RingOf(tracePath, flushIds);

        long completed = 0, guestErrors = 0, okBytes = 0;
        long first = long.MaxValue, last = long.MinValue;
        var latencies = new List<long>(workload.Count);
        foreach (var r in workload)
        {
            first = Math.Min(first, r.IssueTsNs);
            if (r.DoneTsNs is not { } done)
            {
                continue;
            }

            completed++;
            last = Math.Max(last, done);
            latencies.Add(Math.Max(0, done - r.IssueTsNs));
            guestErrors += r.GuestStatus is BlkifStatus.Error or BlkifStatus.EOpNotSupp ? 1 : 0;
            if (r.GuestStatus == BlkifStatus.Okay && r.Kind is IntentKind.Read or IntentKind.Write or IntentKind.DurableWrite)
            {
                okBytes += r.NrSectors * 512L;
            }
        }

        long duration = completed > 0 ? Math.Max(0, last - first) : 0;
        double seconds = duration / 1e9;
        latencies.Sort();

        var tally = new FlushFateTally();
        foreach (var r in workload.Where(r => r.Kind == IntentKind.Flush))
        {
            string guest = r.DoneTsNs is null || r.GuestStatus is null ? "never" : StatusName(r.GuestStatus.Value);
            tally.Add(Became(r.RingIds, ring), Worst(r.RingIds, ring), guest);
        }

        return new IntentFigures(
            workload.Count,
            completed,
            duration,
            seconds > 0 ? completed / seconds : 0,
            seconds > 0 ? okBytes / 1e6 / seconds : 0,
            Rank(latencies, 0.50) / 1e3,
            Rank(latencies, 0.99) / 1e3,
            guestErrors,
            tally.Total,
            tally.Okay,
            tally.Error,
            tally.NotSupported,
            tally.Never,
            tally.OkayWithoutRingOkay,
            [.. tally.Fates().Select(f => new FlushFateCount(f.Became, f.Ring, f.Guest, f.Count))]);
    }

    /// <summary>What <c>summary.json</c> and the analyzer call a status.</summary>
    public static string StatusName(BlkifStatus status) => status switch
    {
        BlkifStatus.Okay => "OKAY",
        BlkifStatus.Error => "ERROR",
        BlkifStatus.EOpNotSupp => "EOPNOTSUPP",
        _ => ((short)status).ToString(CultureInfo.InvariantCulture),
    };

    private static long Rank(List<long> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Became(IReadOnlyList<ulong> ids, Dictionary<ulong, RingRequest> ring)
    {
        if (ids.Count == 0)
        {
            return "nothing";
        }

        var parts = new List<(string Text, int Times)>();
        foreach (ulong id in ids)
        {
            string text = ring.TryGetValue(id, out var q) && q.Op is { } op
                ? (q.Sectors == 0 ? BlkifOperationNames.Of(op) + " 0-seg" : string.Create(CultureInfo.InvariantCulture, $"{BlkifOperationNames.Of(op)} {q.Sectors * 512L} B"))
                : "request not in trace";
            if (parts.Count > 0 && parts[^1].Text == text)
            {
                parts[^1] = (text, parts[^1].Times + 1);
            }
            else
            {
                parts.Add((text, 1));
            }
        }

        return string.Join(" + ", parts.Select(p => p.Times == 1 ? p.Text : string.Create(CultureInfo.InvariantCulture, $"{p.Text} ×{p.Times}")));
    }

    /// <summary>The worst answer: any non-OKAY wins, then OKAY when every request was answered, else none.</summary>
    private static string Worst(IReadOnlyList<ulong> ids, Dictionary<ulong, RingRequest> ring)
    {
        BlkifStatus? worst = null;
        bool allAnswered = ids.Count > 0;
        foreach (ulong id in ids)
        {
            if (!ring.TryGetValue(id, out var q) || q.Status is not { } s)
            {
                allAnswered = false;
                continue;
            }

            if (s != BlkifStatus.Okay && (worst is null || worst == BlkifStatus.Okay))
            {
                worst = s;
            }
            else
            {
                worst ??= s;
            }
        }

        return worst is { } w && w != BlkifStatus.Okay ? StatusName(w) : allAnswered ? "OKAY" : "none";
    }

    private static Dictionary<ulong, RingRequest> RingOf(string tracePath, HashSet<ulong> ids)
    {
        var ring = new Dictionary<ulong, RingRequest>(ids.Count);
        if (ids.Count == 0)
        {
            return ring;
        }

        using var reader = TraceReader.Open(tracePath, Columns);
        while (reader.MoveNext())
        {
            var b = reader.Current;
            var kind = b.Kind;
            var id = b.Id;
            for (int i = 0; i < b.Count; i++)
            {
                if (!ids.Contains(id[i]))
                {
                    continue;
                }

                if (kind[i] == RingEventKind.Request)
                {
                    var op = b.Op[i] == BlkifOperation.Indirect && b.HasIndirectOp[i] ? b.IndirectOp[i] : b.Op[i];
                    ring[id[i]] = new RingRequest(op, b.NrSectors[i], null);
                }
                else if (kind[i] == RingEventKind.Response && ring.TryGetValue(id[i], out var q))
                {
                    ring[id[i]] = q with { Status = b.HasStatus[i] ? b.Status[i] : null };
                }
            }
        }

        return ring;
    }

    private readonly record struct RingRequest(BlkifOperation? Op, int Sectors, BlkifStatus? Status);
}
