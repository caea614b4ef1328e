namespace BlkTrace.Backend.Stores;

/// <summary>
/// <c>null:SIZE</c>: every operation completes at once and moves no data (reads leave the guest's
/// page as it was, like Linux null_blk without memory backing). It measures the ring and the
/// backend path alone. It counts flushes only: counting reads and writes would cost more than the I/O.
/// </summary>
public sealed class NullBlockStore : IBlockStore
{
    /// <summary>A null disk of <paramref name="sectors"/> 512-byte sectors.</summary>
    public NullBlockStore(ulong sectors)
    {
        Sectors = sectors;
    }

    /// <inheritdoc />
    public string Kind => "null";

    /// <inheritdoc />
    public string Description => "null:" + (Sectors * 512).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public ulong Sectors { get; }

    /// <inheritdoc />
    public bool HasVolatileCache => false;

    /// <inheritdoc />
    public bool SupportsDiscard => true;

    /// <inheritdoc />
    public bool CompletesInline => true;

    /// <inheritdoc />
    public StoreCounters Counters { get; } = new();

    /// <inheritdoc />
    public void Read(ulong offset, Span<byte> destination) => StoreBounds.Check(offset, (ulong)destination.Length, Sectors);

    /// <inheritdoc />
    public void Write(ulong offset, ReadOnlySpan<byte> source) => StoreBounds.Check(offset, (ulong)source.Length, Sectors);

    /// <inheritdoc />
    public void Flush() => Counters.CountFlush();

    /// <inheritdoc />
    public void Discard(ulong offset, ulong length) => StoreBounds.Check(offset, length, Sectors);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
