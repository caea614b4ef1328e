using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Diagnostics;

namespace BlkTrace.Trace.Tap;

/// <summary>
/// The sink a backend without <c>--trace</c> keeps wired: it forwards to <see cref="RingEventSource"/>,
/// which costs one field test per call until a listener (dotnet-trace) enables it.
/// <see cref="TraceTap"/> forwards the same way, so a backend needs only one sink either way.
/// </summary>
public sealed class RingEventSourceSink : IRingEventSink
{
    private RingEventSourceSink()
    {
    }

    /// <summary>The one instance.</summary>
    public static RingEventSourceSink Instance { get; } = new();

    /// <inheritdoc />
    public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash) =>
        RingEventSource.Log.OnRequest(queue, ringIndex, request, indirectSegments, dataHash);

    /// <inheritdoc />
    public void OnResponse(int queue, uint ringIndex, in BlkifResponse response) =>
        RingEventSource.Log.OnResponse(queue, ringIndex, response);

    /// <inheritdoc />
    public void OnStoreFlush(int queue, ulong requestId) =>
        RingEventSource.Log.OnStoreFlush(queue, requestId);
}
