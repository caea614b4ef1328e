namespace BlkTrace.Backend.Stores;

/// <summary>
/// One write (or discard) a <see cref="MemoryBlockStore"/> with a write cache accepted, in completion
/// order. Together with <see cref="MemoryBlockStore.FlushLog"/> it is the dm-log-writes style record
/// that crash-state exploration replays: a write is certainly durable once
/// <see cref="FlushEpoch"/> or <see cref="DestagedBefore"/> is set; before that, a crash may or may not
/// keep it.
/// </summary>
public sealed class MemoryWriteRecord
{
    internal MemoryWriteRecord(long sequence, ulong offset, int length, byte[]? data)
    {
        Sequence = sequence;
        Offset = offset;
        Length = length;
        Data = data;
    }

    /// <summary>Position in completion order, dense from 0 (writes and discards share the sequence).</summary>
    public long Sequence { get; }

    /// <summary>Byte offset.</summary>
    public ulong Offset { get; }

    /// <summary>Bytes.</summary>
    public int Length { get; }

    /// <summary>The bytes written, or null for a discard (zeros).</summary>
    public byte[]? Data { get; }

    /// <summary>The flush (index into <see cref="MemoryBlockStore.FlushLog"/>) that made it durable, or -1.</summary>
    public long FlushEpoch { get; internal set; } = -1;

    /// <summary>
    /// When background destaging made it durable: the <see cref="Sequence"/> of the next write
    /// accepted after that moment (so it was durable before that write existed), or -1.
    /// </summary>
    public long DestagedBefore { get; internal set; } = -1;

    /// <summary>True once a flush or destaging made it durable.</summary>
    public bool IsDurable => FlushEpoch >= 0 || DestagedBefore >= 0;
}
