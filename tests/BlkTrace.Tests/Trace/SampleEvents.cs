using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Trace;

/// <summary>Seeded event streams that exercise every column, every null and every request layout.</summary>
public static class SampleEvents
{
    /// <summary>Request/response pairs (plus store flushes) over every op and layout, dense seq from 0.</summary>
    public static List<RingEvent> Mixed(int count, int seed)
    {
        var rng = new Random(seed);
        var events = new List<RingEvent>(count);
        long ts = 0;
        uint reqIdx = 0;
        uint rspIdx = 0;
        var pending = new Queue<(short Queue, BlkifRequest Request)>();
        while (events.Count < count)
        {
            ts += rng.Next(1, 5000);
            long seq = events.Count;
            if (pending.Count > 0 && (pending.Count > 8 || rng.Next(3) == 0))
            {
                var (q, req) = pending.Dequeue();
                if (req.EffectiveOperation is BlkifOperation.FlushDiskCache or BlkifOperation.WriteBarrier && rng.Next(2) == 0)
                {
                    events.Add(RingEvent.FromStoreFlush(seq, ts, q, req.Id));
                    seq++;
                    ts += 10;
                }

                var status = (BlkifStatus)(short)-rng.Next(0, 3);
                var op = req.Operation == BlkifOperation.Indirect && rng.Next(2) == 0 ? req.IndirectOperation : req.Operation;
                events.Add(RingEvent.FromResponse(seq, ts, q, rspIdx++, new BlkifResponse(req.Id, op, status)));
                continue;
            }

            short queue = (short)rng.Next(0, 4);
            var request = RandomRequest(rng, out var indirect);
            long? hash = request.EffectiveOperation is BlkifOperation.Write or BlkifOperation.WriteBarrier && rng.Next(2) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : null;
            events.Add(RingEvent.FromRequest(seq, ts, queue, reqIdx++, request, indirect, hash));
            pending.Enqueue((queue, request));
        }

        if (events.Count > count)
        {
            events.RemoveRange(count, events.Count - count);
        }

        return events;
    }

    /// <summary>A request of any layout; <paramref name="indirect"/> gets the descriptor segments of an INDIRECT one (sometimes none: unreadable).</summary>
    public static BlkifRequest RandomRequest(Random rng, out BlkifSegment[] indirect)
    {
        indirect = [];
        ulong id = rng.Next(4) == 0 ? (ulong)rng.NextInt64() | (1UL << 63) : (ulong)rng.Next(0, 64);
        ulong sector = (ulong)rng.NextInt64(0, 1L << 40);
        ushort handle = (ushort)rng.Next(0, 65536);
        switch (rng.Next(10))
        {
            case 0:
                return BlkifRequest.Discard(id, sector, rng.Next(2) == 0 ? (ulong)rng.Next(1, 1 << 20) : ulong.MaxValue, rng.Next(2) == 0, handle);
            case 1:
            case 2:
                int n = rng.Next(3) == 0 ? rng.Next(0, 3) : rng.Next(12, BlkifConstants.MaxIndirectSegments + 1);
                indirect = Segments(rng, n);
                var inner = rng.Next(2) == 0 ? BlkifOperation.Read : BlkifOperation.Write;
                return BlkifRequest.Indirect(inner, id, sector, (ushort)n, [1, 2, 3], handle);
            case 3:
                return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, id, 0, [], handle);
            case 4:
                return BlkifRequest.Direct(BlkifOperation.WriteBarrier, id, sector, Segments(rng, rng.Next(0, 3)), handle);
            case 5:
                // An unknown op and a segment with last_sect < first_sect: kept as written.
                var odd = BlkifRequest.Direct((BlkifOperation)rng.Next(7, 256), id, sector, [new BlkifSegment(9, 6, 2)], handle);
                odd.NrSegments = (ushort)rng.Next(12, 65536);
                return odd;
            default:
                var op = rng.Next(2) == 0 ? BlkifOperation.Read : BlkifOperation.Write;
                return BlkifRequest.Direct(op, id, sector, Segments(rng, rng.Next(1, BlkifConstants.MaxSegmentsPerRequest + 1)), handle);
        }
    }

    private static BlkifSegment[] Segments(Random rng, int n)
    {
        var segs = new BlkifSegment[n];
        for (int i = 0; i < n; i++)
        {
            byte first = (byte)rng.Next(0, 8);
            segs[i] = new BlkifSegment((uint)rng.Next(), first, (byte)rng.Next(first, 8));
        }

        return segs;
    }
}
