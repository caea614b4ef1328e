namespace BlkTrace.Replay.Strategies;

/// <summary>When a step may go on the ring.</summary>
public enum StepGate : byte
{
    /// <summary>At once (after the steps before it in the same intent were put on the ring).</summary>
    None,

    /// <summary>Once the previous step of the same intent has completed (blk-flush sequencing: preflush, data, postflush).</summary>
    AfterPrevious,

    /// <summary>
    /// Once every write issued before it has completed: FLUSH_DISKCACHE covers completed writes only,
    /// so an fsync waits for its writeback first. Later intents wait behind it.
    /// </summary>
    AfterEarlierWrites,
}
