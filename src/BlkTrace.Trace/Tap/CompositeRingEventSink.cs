using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Trace.Tap;

/// <summary>Forwards every call to several sinks, in order (for tests, or a tap plus a counter).</summary>
public sealed class CompositeRingEventSink : IRingEventSink
{
    private readonly IRingEventSink[] _sinks;

    /// <summary>Creates the composite.</summary>
    public CompositeRingEventSink(params IRingEventSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = [.. sinks];
    }

    /// <inheritdoc />
    public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
    {
        foreach (var sink in _sinks)
        {
            sink.OnRequest(queue, ringIndex, request, indirectSegments, dataHash);
        }
    }

    /// <inheritdoc />
    public void OnResponse(int queue, uint ringIndex, in BlkifResponse response)
    {
        foreach (var sink in _sinks)
        {
            sink.OnResponse(queue, ringIndex, response);
        }
    }

    /// <inheritdoc />
    public void OnStoreFlush(int queue, ulong requestId)
    {
        foreach (var sink in _sinks)
        {
            sink.OnStoreFlush(queue, requestId);
        }
    }
}
