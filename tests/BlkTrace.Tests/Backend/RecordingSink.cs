using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Backend;

/// <summary>A tap that remembers every call in order (preallocated, so it allocates nothing per call once warm).</summary>
public sealed class RecordingSink : IRingEventSink
{
    private readonly Lock _lock = new();

    public List<TapEvent> Events { get; } = new(1 << 16);

    public bool Record { get; set; } = true;

    public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
    {
        if (!Record)
        {
            return;
        }

        lock (_lock)
        {
            Events.Add(new TapEvent(TapEventKind.Request, queue, ringIndex, request.Id, request.Operation, 0, indirectSegments.Length, dataHash));
        }
    }

    public void OnResponse(int queue, uint ringIndex, in BlkifResponse response)
    {
        if (!Record)
        {
            return;
        }

        lock (_lock)
        {
            Events.Add(new TapEvent(TapEventKind.Response, queue, ringIndex, response.Id, response.Operation, response.Status, 0, null));
        }
    }

    public void OnStoreFlush(int queue, ulong requestId)
    {
        if (!Record)
        {
            return;
        }

        lock (_lock)
        {
            Events.Add(new TapEvent(TapEventKind.StoreFlush, queue, 0, requestId, 0, 0, 0, null));
        }
    }
}

public enum TapEventKind
{
    Request,
    Response,
    StoreFlush,
}

public readonly record struct TapEvent(TapEventKind Kind, int Queue, uint RingIndex, ulong Id, BlkifOperation Operation, BlkifStatus Status, int IndirectSegments, long? DataHash);
