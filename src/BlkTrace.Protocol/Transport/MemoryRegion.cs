namespace BlkTrace.Protocol.Transport;

/// <summary>
/// A block of memory shared with the peer (a mapped file, pinned memory, a gntdev mapping). The
/// region does not own the memory: whoever created it keeps it alive for as long as it is used.
/// </summary>
public readonly struct MemoryRegion
{
    /// <summary>Wraps <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public MemoryRegion(nint address, int length)
    {
        if (length < 0 || (address == 0 && length != 0))
        {
            ThrowHelper.ThrowArgument(nameof(address), "a region needs an address and a non-negative length");
        }

        Address = address;
        Length = length;
    }

    /// <summary>The first byte.</summary>
    public nint Address { get; }

    /// <summary>Bytes in the region.</summary>
    public int Length { get; }

    /// <summary>True for the default (empty) region.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The region as a span.</summary>
    public unsafe Span<byte> Span => new((void*)Address, Length);

    /// <summary>A sub-region.</summary>
    public MemoryRegion Slice(int offset, int length)
    {
        if ((uint)offset > (uint)Length || (uint)length > (uint)(Length - offset))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(offset), "slice outside the region");
        }

        return new MemoryRegion(Address + offset, length);
    }
}
