using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Trace.Tap;

/// <summary>
/// What a backend tells its tap. The backend calls <see cref="OnRequest"/> the moment it has copied a
/// request out of its slot (before it validates it, so malformed requests are recorded too),
/// <see cref="OnResponse"/> the moment it writes a response into a slot, and
/// <see cref="OnStoreFlush"/> when it makes its store durable (fdatasync, cache flush) on behalf of a
/// request. The sink stamps each event with a dense global sequence number and a monotonic
/// timestamp, in the order of these calls. Calls may come from several ring threads at once
/// (multi-queue); implementations must be thread-safe and must not allocate on these paths.
/// </summary>
public interface IRingEventSink
{
    /// <summary>A request was consumed from ring <paramref name="queue"/> at <paramref name="ringIndex"/>.</summary>
    /// <param name="queue">The ring (queue) index.</param>
    /// <param name="ringIndex">The RING_IDX of the slot.</param>
    /// <param name="request">The private copy of the request, as decoded.</param>
    /// <param name="indirectSegments">For INDIRECT: the segments read from the descriptor pages (empty otherwise, or when they could not be read).</param>
    /// <param name="dataHash">A hash of a write's payload when the capture asks for one and the backend computed it, else null.</param>
    void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash);

    /// <summary>A response was written into ring <paramref name="queue"/> at <paramref name="ringIndex"/>.</summary>
    void OnResponse(int queue, uint ringIndex, in BlkifResponse response);

    /// <summary>The backend flushed its store on behalf of request <paramref name="requestId"/> of ring <paramref name="queue"/>.</summary>
    void OnStoreFlush(int queue, ulong requestId);
}
