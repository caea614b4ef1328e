using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Strategies;

namespace BlkTrace.Replay.Engine;

/// <summary>What the replayer remembers about one ring request until its response: pooled, one per ring slot.</summary>
internal sealed class RingRequestInfo(int maxPages, bool verify)
{
    public readonly int[] Pages = new int[maxPages];
    public readonly long[] Expected = verify ? new long[maxPages * BlkifConstants.SectorsPerPage] : [];
    public int Active;
    public int Step;
    public BlkifOperation Operation;
    public StepPayload Payload;
    public ulong Sector;
    public int Sectors;
    public int PageCount;
    public bool WritesData;
    public bool EmptyFlush;
}
