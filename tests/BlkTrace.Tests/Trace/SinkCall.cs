using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Tests.Trace;

/// <summary>One call a backend makes on its sink, and the row it must become.</summary>
public sealed record SinkCall(RingEventKind Kind, int Queue, uint RingIndex, BlkifRequest Request, BlkifSegment[] Indirect, long? Hash, BlkifResponse Response)
{
    public void Apply(IRingEventSink sink)
    {
        switch (Kind)
        {
            case RingEventKind.Request:
                sink.OnRequest(Queue, RingIndex, Request, Indirect, Hash);
                break;
            case RingEventKind.Response:
                sink.OnResponse(Queue, RingIndex, Response);
                break;
            default:
                sink.OnStoreFlush(Queue, Request.Id);
                break;
        }
    }

    public RingEvent Expected(long seq, long ts) => Kind switch
    {
        RingEventKind.Request => RingEvent.FromRequest(seq, ts, Queue, RingIndex, Request, Indirect, Hash),
        RingEventKind.Response => RingEvent.FromResponse(seq, ts, Queue, RingIndex, Response),
        _ => RingEvent.FromStoreFlush(seq, ts, Queue, Request.Id),
    };

    /// <summary>A seeded mix of requests of every layout, responses and store flushes.</summary>
    public static List<SinkCall> Mixed(int count, int seed)
    {
        var rng = new Random(seed);
        var calls = new List<SinkCall>(count);
        uint idx = 0;
        while (calls.Count < count)
        {
            var request = SampleEvents.RandomRequest(rng, out var indirect);
            int queue = rng.Next(0, 4);
            long? hash = rng.Next(3) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : null;
            calls.Add(new SinkCall(RingEventKind.Request, queue, idx, request, indirect, hash, default));
            if (rng.Next(4) == 0)
            {
                calls.Add(new SinkCall(RingEventKind.StoreFlush, queue, 0, request, [], null, default));
            }

            var status = (BlkifStatus)(short)-rng.Next(0, 3);
            calls.Add(new SinkCall(RingEventKind.Response, queue, idx++, request, [], null, new BlkifResponse(request.Id, request.Operation, status)));
        }

        calls.RemoveRange(count, calls.Count - count);
        return calls;
    }
}
