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

    /// <summary>
    /// Says the backend is done with a page it got from <see cref="MapPage"/>: its data has been copied
    /// and the response that ends the request's use of it is not pushed yet. Each <see cref="MapPage"/>
    /// that returned a page is matched by one call with the same reference; the span is invalid
    /// afterwards. In real Xen without persistent grants this unmaps the page, because the frontend
    /// ends the grant when the response arrives and Linux blkfront stops the device if the backend
    /// still maps it ("backend has not unmapped grant"). Transports whose pages are always mapped
    /// (in-process, vbd directory, Xen with persistent grants) do nothing. Safe from any thread.
    /// </summary>
    void ReleasePage(uint grantRef)
    {
    }
}
