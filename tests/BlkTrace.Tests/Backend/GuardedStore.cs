using BlkTrace.Backend.Stores;

namespace BlkTrace.Tests.Backend;

/// <summary>Wraps a store and counts (instead of performing) any access outside the disk.</summary>
public sealed class GuardedStore(IBlockStore inner) : IBlockStore
{
    private long _violations;

    public long Violations => Interlocked.Read(ref _violations);

    public string Kind => inner.Kind;

    public string Description => inner.Description;

    public ulong Sectors => inner.Sectors;

    public bool HasVolatileCache => inner.HasVolatileCache;

    public bool SupportsDiscard => inner.SupportsDiscard;

    public bool CompletesInline => inner.CompletesInline;

    public StoreCounters Counters => inner.Counters;

    public void Read(ulong offset, Span<byte> destination)
    {
        if (Inside(offset, (ulong)destination.Length))
        {
            inner.Read(offset, destination);
        }
    }

    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        if (Inside(offset, (ulong)source.Length))
        {
            inner.Write(offset, source);
        }
    }

    public void Flush() => inner.Flush();

    public void Discard(ulong offset, ulong length)
    {
        if (Inside(offset, length))
        {
            inner.Discard(offset, length);
        }
    }

    public void Dispose() => inner.Dispose();

    private bool Inside(ulong offset, ulong length)
    {
        ulong size = Sectors * 512;
        if (offset > size || length > size - offset)
        {
            Interlocked.Increment(ref _violations);
            return false;
        }

        return true;
    }
}
