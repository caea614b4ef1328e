namespace BlkTrace.Analysis.Scan;

/// <summary>One ring's live state during a scan: how many requests are out, and the oldest write and barrier still out.</summary>
internal sealed class RingState(short queue, TimeSeriesBuilder.RingBins bins)
{
    public readonly short Queue = queue;
    public readonly TimeSeriesBuilder.RingBins Bins = bins;
    public readonly LiveSeqQueue Writes = new();
    public readonly LiveSeqQueue Barriers = new();
    public int InFlight;
    public int MaxInFlight;
    public long LastTs = long.MinValue;
}
