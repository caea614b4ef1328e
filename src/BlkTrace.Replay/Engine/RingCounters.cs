using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Engine;

/// <summary>Ring requests the replay sent, by op and by response status, and the bytes they moved.</summary>
public sealed class RingCounters
{
    private const int Ops = 8;
    private readonly long[] _submitted = new long[Ops];
    private readonly long[] _answered = new long[Ops * 4];

    /// <summary>Requests sent.</summary>
    public long Requests { get; private set; }

    /// <summary>Bytes written by requests that carry data (writes, barriers and flushes with data).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Bytes asked for by reads.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Bytes a strategy wrote on its own account (cache-replay's rewrites of the cached block).</summary>
    public long ExtraBytesWritten { get; private set; }

    /// <summary>Requests a strategy sent on its own account (cached-block rewrites).</summary>
    public long ExtraRequests { get; private set; }

    /// <summary>Requests sent with <paramref name="operation"/>.</summary>
    public long Submitted(BlkifOperation operation) => _submitted[Index(operation)];

    /// <summary>Responses to <paramref name="operation"/> with <paramref name="status"/> (other statuses count under <c>(BlkifStatus)1</c>).</summary>
    public long Answered(BlkifOperation operation, BlkifStatus status) => _answered[(Index(operation) * 4) + StatusIndex(status)];

    internal void CountSubmitted(BlkifOperation operation, int sectors, bool extra)
    {
        Requests++;
        _submitted[Index(operation)]++;
        long bytes = (long)sectors * BlkifConstants.SectorSize;
        switch (operation)
        {
            case BlkifOperation.Read:
                BytesRead += bytes;
                break;
            case BlkifOperation.Write or BlkifOperation.WriteBarrier or BlkifOperation.FlushDiskCache:
                BytesWritten += bytes;
                if (extra)
                {
                    ExtraBytesWritten += bytes;
                    ExtraRequests++;
                }

                break;
        }
    }

    internal void CountAnswered(BlkifOperation operation, BlkifStatus status) => _answered[(Index(operation) * 4) + StatusIndex(status)]++;

    private static int Index(BlkifOperation operation) => Math.Min((int)operation, Ops - 1);

    private static int StatusIndex(BlkifStatus status) => status switch
    {
        BlkifStatus.Okay => 0,
        BlkifStatus.Error => 2,
        BlkifStatus.EOpNotSupp => 3,
        _ => 1,
    };
}
