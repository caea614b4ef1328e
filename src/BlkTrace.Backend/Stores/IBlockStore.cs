namespace BlkTrace.Backend.Stores;

/// <summary>
/// The disk behind a backend. Offsets and lengths are bytes and always lie inside the disk: the
/// backend validates every guest request before it reaches a store, and stores check again and
/// throw (a programming error, never a guest's) rather than touch anything outside it.
/// Implementations are thread-safe: several rings (and I/O threads) share one store.
/// </summary>
public interface IBlockStore : IDisposable
{
    /// <summary><c>file</c>, <c>mem</c> or <c>null</c>: the store kind recorded in trace metadata.</summary>
    string Kind { get; }

    /// <summary>The spec it was opened from, for messages and metadata.</summary>
    string Description { get; }

    /// <summary>Disk size in 512-byte sectors.</summary>
    ulong Sectors { get; }

    /// <summary>
    /// True when completed writes can still be lost until <see cref="Flush"/> (a page cache or a disk
    /// write cache). Linux blkback advertises <c>feature-flush-cache</c> exactly when this holds.
    /// </summary>
    bool HasVolatileCache { get; }

    /// <summary>True when <see cref="Discard"/> does something (Linux and QEMU advertise <c>feature-discard</c> then).</summary>
    bool SupportsDiscard { get; }

    /// <summary>
    /// True when an operation finishes in well under a microsecond, so the ring thread runs it
    /// itself; false when it blocks on a device (the backend then hands it to I/O threads).
    /// </summary>
    bool CompletesInline { get; }

    /// <summary>What the store has done so far.</summary>
    StoreCounters Counters { get; }

    /// <summary>Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/>.</summary>
    void Read(ulong offset, Span<byte> destination);

    /// <summary>Writes <paramref name="source"/> at <paramref name="offset"/>; durable only after a later <see cref="Flush"/> when <see cref="HasVolatileCache"/>.</summary>
    void Write(ulong offset, ReadOnlySpan<byte> source);

    /// <summary>Makes every write that completed before this call durable (fdatasync, cache flush).</summary>
    void Flush();

    /// <summary>Forgets <paramref name="length"/> bytes at <paramref name="offset"/>; they read back as zeros.</summary>
    void Discard(ulong offset, ulong length);
}
