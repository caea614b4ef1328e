using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// One operation a strategy puts on the ring for an intent. The replayer splits a long one into
/// several requests (11 segments direct, or INDIRECT when the backend offers it); they count as one step.
/// </summary>
/// <param name="Operation">The blkif op.</param>
/// <param name="Sector">First 512-byte sector.</param>
/// <param name="Sectors">Length in sectors; 0 for a 0-segment flush or barrier.</param>
/// <param name="Payload">What the segments carry.</param>
/// <param name="Gate">When it may go on the ring.</param>
public readonly record struct RingStep(BlkifOperation Operation, ulong Sector, int Sectors, StepPayload Payload, StepGate Gate)
{
    /// <summary>True for steps that put data on the disk (they count toward <see cref="StepGate.AfterEarlierWrites"/>).</summary>
    public bool WritesData => Sectors > 0 && Operation is BlkifOperation.Write or BlkifOperation.WriteBarrier or BlkifOperation.FlushDiskCache or BlkifOperation.Discard;

    /// <summary>A 0-segment FLUSH_DISKCACHE.</summary>
    public static RingStep EmptyFlush(StepGate gate = StepGate.None) => new(BlkifOperation.FlushDiskCache, 0, 0, StepPayload.None, gate);

    /// <summary>A 0-segment WRITE_BARRIER.</summary>
    public static RingStep EmptyBarrier(StepGate gate = StepGate.None) => new(BlkifOperation.WriteBarrier, 0, 0, StepPayload.None, gate);

    /// <summary>The intent's data as <paramref name="operation"/> (WRITE, or WRITE_BARRIER with data).</summary>
    public static RingStep Data(BlkifOperation operation, in ReplayIntent intent, StepGate gate = StepGate.None) =>
        new(operation, intent.Sector, intent.Sectors, StepPayload.IntentData, gate);

    /// <summary>A READ of the intent's range.</summary>
    public static RingStep Read(in ReplayIntent intent) => new(BlkifOperation.Read, intent.Sector, intent.Sectors, StepPayload.None, StepGate.None);

    /// <summary>A DISCARD of the intent's range.</summary>
    public static RingStep Discard(in ReplayIntent intent) => new(BlkifOperation.Discard, intent.Sector, intent.Sectors, StepPayload.None, StepGate.None);

    /// <summary>A 1-segment WRITE_BARRIER rewriting the strategy's cached block.</summary>
    public static RingStep CachedBlock(CachedBlock block, StepGate gate = StepGate.None)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new(BlkifOperation.WriteBarrier, block.Sector, block.Sectors, StepPayload.CachedBlock, gate);
    }

    /// <summary>A short description for summaries: <c>WRITE_BARRIER 0-seg</c>, <c>WRITE 16 sectors</c>.</summary>
    public string Describe() => Sectors == 0
        ? BlkifOperationNames.Of(Operation) + " 0-seg"
        : Payload == StepPayload.CachedBlock ? $"{BlkifOperationNames.Of(Operation)} {Sectors * 512} B (cached block {Sector})" : BlkifOperationNames.Of(Operation);

}
