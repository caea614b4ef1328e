namespace BlkTrace.Analysis.Scan;

/// <summary>What the scan keeps about one outstanding request until its response.</summary>
internal struct InFlightEntry
{
    public ulong Id;
    public long ReqSeq;
    public long ReqTs;
    public long Serial;
    public long StoreFlushesAtRequest;
    public int NrSectors;
    public int NextDuplicate;
    public short Queue;
    public OpClass Op;
    public bool Live;
}
