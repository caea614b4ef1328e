using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Diagnostics;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Trace;

public class RingEventSourceTests
{
    private const ulong Marker = 0xB10C_0000_0000_0000;

    [Fact]
    public void EventSource_ListenerEnabled_ReceivesSameFieldsAsRows()
    {
        using var listener = new Listener();
        var segments = new BlkifSegment[] { new(5, 1, 6), new(6, 0, 7) };
        var request = BlkifRequest.Direct(BlkifOperation.Write, Marker | 1, 2048, segments, handle: 51712);
        var indirect = BlkifRequest.Indirect(BlkifOperation.Read, Marker | 2, 4096, 3, [9], 3);
        var indirectSegments = new BlkifSegment[] { new(1, 0, 7), new(2, 0, 7), new(3, 2, 3) };
        var sink = RingEventSourceSink.Instance;
        sink.OnRequest(2, 77, request, default, -5);
        sink.OnRequest(1, 78, indirect, indirectSegments, null);
        sink.OnStoreFlush(2, Marker | 1);
        sink.OnResponse(2, 77, new BlkifResponse(Marker | 1, BlkifOperation.Write, BlkifStatus.EOpNotSupp));

        var mine = listener.Events.Where(e => e.Payload!.Count > 0 && e.PayloadNames!.Contains("Id") && ((ulong)e.Payload![e.PayloadNames!.IndexOf("Id")]! & Marker) == Marker).ToList();
        Assert.Equal([1, 1, 3, 2], mine.Select(e => e.EventId));
        Assert.Equal(["Request", "Request", "StoreFlush", "Response"], mine.Select(e => e.EventName));

        var r = Fields(mine[0]);
        Assert.Equal(
            ["Seq", "Queue", "RingIndex", "Id", "Op", "IndirectOp", "NrSegments", "Handle", "Sector", "NrSectors", "HasSegLayout", "SegLayout", "HasDataHash", "DataHash"],
            mine[0].PayloadNames);
        Assert.Equal((short)2, r["Queue"]);
        Assert.Equal(77u, r["RingIndex"]);
        Assert.Equal((byte)BlkifOperation.Write, r["Op"]);
        Assert.Equal((ushort)2, r["NrSegments"]);
        Assert.Equal((ushort)51712, r["Handle"]);
        Assert.Equal(2048UL, r["Sector"]);
        Assert.Equal(14, r["NrSectors"]);
        Assert.Equal(true, r["HasSegLayout"]);
        Assert.Equal(new byte[] { 1, 6, 0, 7 }, r["SegLayout"]);
        Assert.Equal(true, r["HasDataHash"]);
        Assert.Equal(-5L, r["DataHash"]);

        var i = Fields(mine[1]);
        Assert.Equal((byte)BlkifOperation.Indirect, i["Op"]);
        Assert.Equal((byte)BlkifOperation.Read, i["IndirectOp"]);
        Assert.Equal(new byte[] { 0, 7, 0, 7, 2, 3 }, i["SegLayout"]);
        Assert.Equal(18, i["NrSectors"]);
        Assert.Equal(false, i["HasDataHash"]);

        var f = Fields(mine[2]);
        Assert.Equal((short)2, f["Queue"]);

        var p = Fields(mine[3]);
        Assert.Equal((short)BlkifStatus.EOpNotSupp, p["Status"]);
        Assert.Equal(77u, p["RingIndex"]);

        // Seq orders the calls (each event has its own, increasing).
        var seqs = mine.Select(e => (long)Fields(e)["Seq"]!).ToList();
        Assert.Equal(seqs.Order(), seqs);
    }

    [Fact]
    public void TraceTap_ListenerEnabled_ForwardsToEventSource()
    {
        using var listener = new Listener();
        using var dir = new TempDirectory();
        using (var tap = TraceTap.Start(dir.Path, new TraceMetadata()))
        {
            tap.OnStoreFlush(3, Marker | 9);
        }

        Assert.Contains(listener.Events, e => e.EventId == RingEventSource.StoreFlushEventId && (ulong)Fields(e)["Id"]! == (Marker | 9));
    }

    [Fact]
    public void EventSource_Manifest_NamesProviderAndEvents()
    {
        string manifest = EventSource.GenerateManifest(typeof(RingEventSource), "BlkTrace.Trace.dll")!;
        Assert.Contains("name=\"BlkTrace-Ring\"", manifest, StringComparison.Ordinal);
        Assert.Equal("BlkTrace-Ring", RingEventSource.Log.Name);
        Assert.Contains("value=\"1\"", manifest, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Fields(EventWrittenEventArgs e) =>
        e.PayloadNames!.Zip(e.Payload!).ToDictionary(x => x.First, x => x.Second);

    private sealed class Listener : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == RingEventSource.ProviderName)
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => Events.Enqueue(eventData);
    }
}
