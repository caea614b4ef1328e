using BlkTrace.Backend.Profiles;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Backend.Service;

/// <summary>
/// What one ring saw and did. The ring thread is the only writer of request and rejection counts;
/// responses are produced one at a time per ring (the response lock when I/O threads answer), and
/// flushes, which I/O threads also do, are counted atomically. Readers on other threads see values
/// that are at most a moment old.
/// </summary>
public sealed class BackendCounters
{
    /// <summary>Bucket for every operation byte above INDIRECT.</summary>
    public const int OtherOperation = 7;

    private readonly long[] _requests = new long[OtherOperation + 1];
    private readonly long[] _responses = new long[3];
    private readonly long[] _rejections = new long[Enum.GetValues<RejectionKind>().Length];
    private long _storeFlushes;
    private long _stalls;
    private long _drains;
    private long _holds;
    private long _halts;

    /// <summary>Requests consumed with operation byte <paramref name="operation"/> (7: anything above 6).</summary>
    public long Requests(int operation) => Volatile.Read(ref _requests[Math.Min(operation, OtherOperation)]);

    /// <summary>Requests consumed.</summary>
    public long TotalRequests
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _requests.Length; i++)
            {
                sum += Volatile.Read(ref _requests[i]);
            }

            return sum;
        }
    }

    /// <summary>Responses produced with <paramref name="status"/>.</summary>
    public long Responses(BlkifStatus status) => status switch
    {
        BlkifStatus.Okay => Volatile.Read(ref _responses[0]),
        BlkifStatus.Error => Volatile.Read(ref _responses[1]),
        BlkifStatus.EOpNotSupp => Volatile.Read(ref _responses[2]),
        _ => 0,
    };

    /// <summary>Responses produced.</summary>
    public long TotalResponses => Responses(BlkifStatus.Okay) + Responses(BlkifStatus.Error) + Responses(BlkifStatus.EOpNotSupp);

    /// <summary>Requests refused for <paramref name="kind"/>.</summary>
    public long Rejections(RejectionKind kind) => Volatile.Read(ref _rejections[(int)kind]);

    /// <summary>Store flushes done on behalf of requests.</summary>
    public long StoreFlushes => Volatile.Read(ref _storeFlushes);

    /// <summary>Stalls after a refused request (counted whether or not the thread really slept).</summary>
    public long Stalls => Volatile.Read(ref _stalls);

    /// <summary>Times the ring waited for its in-flight I/O before a request (barrier/flush drains).</summary>
    public long Drains => Volatile.Read(ref _drains);

    /// <summary>Times the ring stopped consuming until a request completed.</summary>
    public long Holds => Volatile.Read(ref _holds);

    /// <summary>Times the ring was halted on producer overflow (0 or 1 per connection).</summary>
    public long Halts => Volatile.Read(ref _halts);

    internal void CountRequest(BlkifOperation operation) => _requests[Math.Min((int)operation, OtherOperation)]++;

    internal void CountResponse(BlkifStatus status)
    {
        switch (status)
        {
            case BlkifStatus.Okay:
                _responses[0]++;
                break;
            case BlkifStatus.Error:
                _responses[1]++;
                break;
            default:
                _responses[2]++;
                break;
        }
    }

    internal void CountRejection(RejectionKind kind) => Interlocked.Increment(ref _rejections[(int)kind]);

    internal void CountStoreFlush() => Interlocked.Increment(ref _storeFlushes);

    internal void CountStall() => _stalls++;

    internal void CountDrain() => _drains++;

    internal void CountHold() => _holds++;

    internal void CountHalt() => _halts++;
}
