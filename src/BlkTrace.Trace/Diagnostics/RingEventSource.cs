using System.Diagnostics.Tracing;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Trace.Diagnostics;

/// <summary>
/// The <c>BlkTrace-Ring</c> EventSource: the tap's events for a listener that attaches at run time
/// (<c>dotnet-trace collect --providers BlkTrace-Ring -p PID</c>), so a production backend can be
/// captured without a restart. Disabled, each call is one field test; enabled, it allocates nothing
/// in steady state (payload arrays are cached per thread).
/// </summary>
/// <remarks>
/// Events and payloads (flat, in this order; importers depend on it — change only with a new event id):
/// <list type="table">
/// <item><term>1 Request</term><description>Seq int64, Queue int16, RingIndex uint32, Id uint64, Op uint8,
/// IndirectOp uint8 (meaningful when Op = 6), NrSegments uint16, Handle uint16, Sector uint64,
/// NrSectors int32, HasSegLayout bool, SegLayout binary (first_sect,last_sect per segment; empty when
/// absent), HasDataHash bool, DataHash int64 (0 when absent).</description></item>
/// <item><term>2 Response</term><description>Seq int64, Queue int16, RingIndex uint32, Id uint64, Op uint8, Status int16.</description></item>
/// <item><term>3 StoreFlush</term><description>Seq int64, Queue int16, Id uint64.</description></item>
/// </list>
/// Seq is this provider's own dense counter (from 0 when the process starts, counting only events
/// written while enabled): EventPipe buffers per thread, so Seq is what restores the order of calls
/// across ring threads. Fields follow trace schema v1 (<see cref="TraceSchema"/>); the row conventions
/// for nr_sectors and seg_layout are <see cref="RequestRow"/>'s.
/// </remarks>
[EventSource(Name = ProviderName)]
public sealed class RingEventSource : EventSource
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "BlkTrace-Ring";

    /// <summary>Event id of Request.</summary>
    public const int RequestEventId = 1;

    /// <summary>Event id of Response.</summary>
    public const int ResponseEventId = 2;

    /// <summary>Event id of StoreFlush.</summary>
    public const int StoreFlushEventId = 3;

    /// <summary>The largest layout carried (INDIRECT's most segments).</summary>
    private const int MaxLayoutBytes = BlkifConstants.MaxIndirectSegments * TraceSchema.SegLayoutBytesPerSegment;

    [ThreadStatic]
    private static EventSourcePrimitive[]? _requestArgs;

    [ThreadStatic]
    private static EventSourcePrimitive[]? _responseArgs;

    [ThreadStatic]
    private static EventSourcePrimitive[]? _flushArgs;

    [ThreadStatic]
    private static byte[]?[]? _layouts;

    private long _seq = -1;

    private RingEventSource()
    {
    }

    /// <summary>The one instance.</summary>
    public static RingEventSource Log { get; } = new();

    /// <summary>A request was consumed (see <see cref="Tap.IRingEventSink.OnRequest"/>).</summary>
    [NonEvent]
    public void OnRequest(int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
    {
        if (!IsEnabled())
        {
            return;
        }

        var segments = RequestRow.Segments(request, indirectSegments);
        bool hasLayout = RequestRow.HasSegLayout(request, indirectSegments);
        int n = Math.Min(segments.Length, MaxLayoutBytes / TraceSchema.SegLayoutBytesPerSegment);
        byte[] layout = LayoutBuffer(hasLayout ? n * TraceSchema.SegLayoutBytesPerSegment : 0);
        RequestRow.EncodeSegLayout(segments[..(layout.Length / TraceSchema.SegLayoutBytesPerSegment)], layout);

        var args = _requestArgs ??= new EventSourcePrimitive[14];
        args[0] = Interlocked.Increment(ref _seq);
        args[1] = (short)queue;
        args[2] = ringIndex;
        args[3] = request.Id;
        args[4] = (byte)request.Operation;
        args[5] = (byte)request.IndirectOperation;
        args[6] = request.NrSegments;
        args[7] = request.Handle;
        args[8] = request.SectorNumber;
        args[9] = RequestRow.NrSectors(request, indirectSegments);
        args[10] = hasLayout;
        args[11] = layout;
        args[12] = dataHash.HasValue;
        args[13] = dataHash.GetValueOrDefault();
        WriteEvent(RequestEventId, args);
    }

    /// <summary>A response was produced.</summary>
    [NonEvent]
    public void OnResponse(int queue, uint ringIndex, in BlkifResponse response)
    {
        if (!IsEnabled())
        {
            return;
        }

        var args = _responseArgs ??= new EventSourcePrimitive[6];
        args[0] = Interlocked.Increment(ref _seq);
        args[1] = (short)queue;
        args[2] = ringIndex;
        args[3] = response.Id;
        args[4] = (byte)response.Operation;
        args[5] = (short)response.Status;
        WriteEvent(ResponseEventId, args);
    }

    /// <summary>The store was flushed on behalf of a request.</summary>
    [NonEvent]
    public void OnStoreFlush(int queue, ulong requestId)
    {
        if (!IsEnabled())
        {
            return;
        }

        var args = _flushArgs ??= new EventSourcePrimitive[3];
        args[0] = Interlocked.Increment(ref _seq);
        args[1] = (short)queue;
        args[2] = requestId;
        WriteEvent(StoreFlushEventId, args);
    }

    // The [Event] methods define the manifest (ids, names, field types and order). Callers use
    // the On* methods above, which fill cached argument arrays instead of boxing.
#pragma warning disable IDE0060, CA1822 // parameters name the payload fields; instance methods are what EventSource scans

    [Event(RequestEventId, Level = EventLevel.Informational, Keywords = Keywords.Requests)]
    private void Request(long Seq, short Queue, uint RingIndex, ulong Id, byte Op, byte IndirectOp, ushort NrSegments, ushort Handle, ulong Sector, int NrSectors, bool HasSegLayout, byte[] SegLayout, bool HasDataHash, long DataHash) =>
        WriteEvent(RequestEventId, Seq, Queue, RingIndex, Id, Op, IndirectOp, NrSegments, Handle, Sector, NrSectors, HasSegLayout, SegLayout, HasDataHash, DataHash);

    [Event(ResponseEventId, Level = EventLevel.Informational, Keywords = Keywords.Responses)]
    private void Response(long Seq, short Queue, uint RingIndex, ulong Id, byte Op, short Status) =>
        WriteEvent(ResponseEventId, Seq, Queue, RingIndex, Id, Op, Status);

    [Event(StoreFlushEventId, Level = EventLevel.Informational, Keywords = Keywords.StoreFlushes)]
    private void StoreFlush(long Seq, short Queue, ulong Id) =>
        WriteEvent(StoreFlushEventId, Seq, Queue, Id);

#pragma warning restore IDE0060, CA1822

    /// <summary>A cached array of exactly <paramref name="length"/> bytes (EventSource writes whole arrays).</summary>
    private static byte[] LayoutBuffer(int length)
    {
        var cache = _layouts ??= new byte[]?[(MaxLayoutBytes / TraceSchema.SegLayoutBytesPerSegment) + 1];
        return cache[length / TraceSchema.SegLayoutBytesPerSegment] ??= new byte[length];
    }

    /// <summary>Keywords, one per event kind.</summary>
    public static class Keywords
    {
        /// <summary>Request events.</summary>
        public const EventKeywords Requests = (EventKeywords)1;

        /// <summary>Response events.</summary>
        public const EventKeywords Responses = (EventKeywords)2;

        /// <summary>StoreFlush events.</summary>
        public const EventKeywords StoreFlushes = (EventKeywords)4;
    }
}
