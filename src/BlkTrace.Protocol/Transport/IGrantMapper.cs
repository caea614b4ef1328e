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
    /// Unmaps the pages <see cref="MapPage"/> mapped that are not meant to stay mapped. In real Xen
    /// without persistent grants a frontend ends each grant when its response arrives, and Linux
    /// blkfront stops the device if the backend still maps one ("backend has not unmapped grant").
    /// Call it once the data of every request about to be answered has been copied, before pushing
    /// their responses; spans from <see cref="MapPage"/> are invalid afterwards. Transports whose
    /// pages are always mapped (in-process, vbd directory) do nothing.
    /// </summary>
    void ReleaseMappings()
    {
    }
}
