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

    /// <summary>
    /// As <see cref="AfterEarlierWrites"/>, and once no empty flush or barrier is on the ring: the Linux
    /// block layer keeps one flush in flight per queue (blk-flush.c, rule C1), so a flush issued while
    /// another is outstanding waits for it — and for what its answer changes.
    /// </summary>
    AfterEarlierWritesAndFlush,
}
