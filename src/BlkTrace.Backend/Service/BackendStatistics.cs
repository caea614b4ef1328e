using System.Globalization;
using System.Text;
using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Backend.Service;

/// <summary>A backend's counters summed over its rings and connections, at one moment.</summary>
public sealed record BackendStatistics
{
    private static readonly string[] OperationNames = ["READ", "WRITE", "WRITE_BARRIER", "FLUSH_DISKCACHE", "RESERVED_1", "DISCARD", "INDIRECT", "other"];

    /// <summary>Requests by operation byte (index 7: anything above INDIRECT).</summary>
    public required IReadOnlyList<long> RequestsByOperation { get; init; }

    /// <summary>Responses OKAY.</summary>
    public long Okay { get; init; }

    /// <summary>Responses ERROR.</summary>
    public long Error { get; init; }

    /// <summary>Responses EOPNOTSUPP.</summary>
    public long EOpNotSupp { get; init; }

    /// <summary>Refusals by kind.</summary>
    public required IReadOnlyDictionary<RejectionKind, long> Rejections { get; init; }

    /// <summary>Store flushes done on behalf of requests.</summary>
    public long StoreFlushes { get; init; }

    /// <summary>Flushes the store itself counted (<c>fdatasync</c> calls for a file).</summary>
    public long StoreFlushCalls { get; init; }

    /// <summary>Stalls after bad requests.</summary>
    public long Stalls { get; init; }

    /// <summary>Drains before barriers/flushes.</summary>
    public long Drains { get; init; }

    /// <summary>Holds of later requests.</summary>
    public long Holds { get; init; }

    /// <summary>Rings halted on producer overflow.</summary>
    public long Halts { get; init; }

    /// <summary>Requests consumed.</summary>
    public long TotalRequests => RequestsByOperation.Sum();

    /// <summary>Sums ring counters.</summary>
    public static BackendStatistics From(IEnumerable<BackendCounters> rings, StoreCounters? store)
    {
        ArgumentNullException.ThrowIfNull(rings);
        var ops = new long[BackendCounters.OtherOperation + 1];
        var rejections = new Dictionary<RejectionKind, long>();
        foreach (var k in Enum.GetValues<RejectionKind>())
        {
            rejections[k] = 0;
        }

        long okay = 0, error = 0, eopnotsupp = 0, flushes = 0, stalls = 0, drains = 0, holds = 0, halts = 0;
        foreach (var c in rings)
        {
            for (int i = 0; i < ops.Length; i++)
            {
                ops[i] += c.Requests(i);
            }

            foreach (var k in Enum.GetValues<RejectionKind>())
            {
                rejections[k] += c.Rejections(k);
            }

            okay += c.Responses(BlkifStatus.Okay);
            error += c.Responses(BlkifStatus.Error);
            eopnotsupp += c.Responses(BlkifStatus.EOpNotSupp);
            flushes += c.StoreFlushes;
            stalls += c.Stalls;
            drains += c.Drains;
            holds += c.Holds;
            halts += c.Halts;
        }

        return new BackendStatistics
        {
            RequestsByOperation = ops,
            Okay = okay,
            Error = error,
            EOpNotSupp = eopnotsupp,
            Rejections = rejections,
            StoreFlushes = flushes,
            StoreFlushCalls = store?.Flushes ?? flushes,
            Stalls = stalls,
            Drains = drains,
            Holds = holds,
            Halts = halts,
        };
    }

    /// <summary>A short one-line status (for a once-a-second display).</summary>
    public string StatusLine() => string.Create(CultureInfo.InvariantCulture,
        $"requests {TotalRequests:N0}  okay {Okay:N0}  error {Error:N0}  eopnotsupp {EOpNotSupp:N0}  store flushes {StoreFlushes:N0}");

    /// <summary>The exit summary: requests by op, responses by status, rejections by kind, flushes.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append("requests:");
        for (int i = 0; i < RequestsByOperation.Count; i++)
        {
            if (RequestsByOperation[i] > 0)
            {
                sb.Append(ci, $" {OperationNames[i]} {RequestsByOperation[i]:N0}");
            }
        }

        sb.Append(ci, $" (total {TotalRequests:N0})").AppendLine();
        sb.Append(ci, $"responses: OKAY {Okay:N0}, ERROR {Error:N0}, EOPNOTSUPP {EOpNotSupp:N0}").AppendLine();
        sb.Append("rejections:");
        bool any = false;
        foreach (var (kind, n) in Rejections)
        {
            if (n > 0)
            {
                sb.Append(ci, $" {kind} {n:N0}");
                any = true;
            }
        }

        sb.Append(any ? string.Empty : " none").AppendLine();
        sb.Append(ci, $"flushes: {StoreFlushes:N0} on behalf of requests, {StoreFlushCalls:N0} performed by the store; drains {Drains:N0}, holds {Holds:N0}, stalls {Stalls:N0}, rings halted {Halts:N0}");
        return sb.ToString();
    }
}
