namespace BlkTrace.Protocol.Transport;

/// <summary>
/// The backend's access to the frontend's granted pages (gntdev in Xen). Grant references come
/// from a guest and may be anything: a bad one maps to nothing, never to an exception.
/// </summary>
public interface IGrantMapper
{
    /// <summary>The 4096-byte page behind <paramref name="grantRef"/>, or an empty span when the reference is not granted.</summary>
    Span<byte> MapPage(uint grantRef);

    /// <summary>
    /// Maps the ring pages named by <c>ring-ref</c> (or <c>ring-ref0..N</c>) as one contiguous block, or
    /// returns false with a reason.
    /// </summary>
    bool TryMapRing(ReadOnlySpan<uint> grantRefs, out MemoryRegion region, out string? problem);
}
