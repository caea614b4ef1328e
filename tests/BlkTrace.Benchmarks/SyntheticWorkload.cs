using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;

namespace BlkTrace.Benchmarks;

/// <summary>
/// A seeded, event-driven model of a blkfront at queue depth 32 against an SSD-like backend: ids are
/// shadow-slot indices (as Linux blkfront uses), responses come back in completion order, not
/// submission order, and timestamps carry the jitter of real service times. So the columns have
/// the entropy a real capture has — that is what decides bytes per row on disk.
/// </summary>
public static class SyntheticWorkload
{
    private const int QueueDepth = 32;
    private const long DiskSectors = 1L << 24; // 8 GiB

    public static RingEvent[] Generate(SyntheticWorkloadKind kind, int requests, int seed)
    {
        var rng = new Random(seed);
        var events = new List<RingEvent>(requests * 2 + (requests / 32));
        var pending = new PriorityQueue<(bool Completion, int Slot), long>();
        var inFlight = new BlkifRequest[QueueDepth];
        uint reqIdx = 0, rspIdx = 0;
        long sequentialSector = 0;
        int submitted = 0, sinceFlush = 0;
        for (int s = 0; s < QueueDepth; s++)
        {
            pending.Enqueue((false, s), s * 150L);
        }

        while (pending.TryDequeue(out var item, out long t))
        {
            if (item.Completion)
            {
                var done = inFlight[item.Slot];
                if (done.Operation == BlkifOperation.FlushDiskCache)
                {
                    events.Add(RingEvent.FromStoreFlush(events.Count, t - 2_000, 0, done.Id));
                }

                events.Add(RingEvent.FromResponse(events.Count, t, 0, rspIdx++, new BlkifResponse(done.Id, done.Operation, BlkifStatus.Okay)));
                if (submitted < requests)
                {
                    pending.Enqueue((false, item.Slot), t + 200 + rng.Next(800));
                }

                continue;
            }

            var request = Next(kind, rng, (ulong)item.Slot, ref sequentialSector, ref sinceFlush, out long serviceNs);
            inFlight[item.Slot] = request;
            events.Add(RingEvent.FromRequest(events.Count, t, 0, reqIdx++, request, [], null));
            submitted++;
            pending.Enqueue((true, item.Slot), t + serviceNs);
        }

        // The model emits in time order except for store flushes stamped just before their response;
        // restore tap order (seq follows time) the way a real tap would have seen it.
        var ordered = events.OrderBy(e => e.TsNs).ThenBy(e => e.Seq).ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            ordered[i].Seq = i;
        }

        return ordered;
    }

    private static BlkifRequest Next(SyntheticWorkloadKind kind, Random rng, ulong id, ref long sequentialSector, ref int sinceFlush, out long serviceNs) => kind switch
    {
        SyntheticWorkloadKind.SequentialWrites => NextSequential(rng, id, ref sequentialSector, out serviceNs),
        SyntheticWorkloadKind.RandomWrites8KWithFlushes => NextRandomWrite(rng, id, ref sinceFlush, out serviceNs),
        _ => NextMixed(rng, id, out serviceNs),
    };

    private static BlkifRequest NextSequential(Random rng, ulong id, ref long sequentialSector, out long serviceNs)
    {
        var request = BlkifRequest.Direct(BlkifOperation.Write, id, (ulong)sequentialSector, FullPages(8));
        sequentialSector = (sequentialSector + 64) % DiskSectors;
        serviceNs = 25_000 + Exponential(rng, 5_000);
        return request;
    }

    private static BlkifRequest NextRandomWrite(Random rng, ulong id, ref int sinceFlush, out long serviceNs)
    {
        if (++sinceFlush > 64)
        {
            sinceFlush = 0;
            serviceNs = 200_000 + Exponential(rng, 100_000);
            return BlkifRequest.Direct(BlkifOperation.FlushDiskCache, id, 0, []);
        }

        serviceNs = 15_000 + Exponential(rng, 10_000);
        return BlkifRequest.Direct(BlkifOperation.Write, id, RandomSector(rng, 16), FullPages(2));
    }

    private static BlkifRequest NextMixed(Random rng, ulong id, out long serviceNs)
    {
        if (rng.Next(10) < 7)
        {
            serviceNs = 60_000 + Exponential(rng, 40_000);
            return BlkifRequest.Direct(BlkifOperation.Read, id, RandomSector(rng, 8), FullPages(1));
        }

        int pages = 1 << rng.Next(0, 5);
        var segments = FullPages(Math.Min(pages, BlkifConstants.MaxSegmentsPerRequest));
        if (rng.Next(8) == 0)
        {
            segments[0] = new BlkifSegment(segments[0].GrantRef, (byte)rng.Next(0, 8), 7);
        }

        serviceNs = 20_000 + Exponential(rng, 15_000);
        return BlkifRequest.Direct(BlkifOperation.Write, id, RandomSector(rng, 8), segments);
    }

    private static BlkifSegment[] FullPages(int n)
    {
        var segments = new BlkifSegment[n];
        for (int i = 0; i < n; i++)
        {
            segments[i] = new BlkifSegment((uint)(i + 8), 0, 7);
        }

        return segments;
    }

    private static ulong RandomSector(Random rng, int alignment) =>
        (ulong)(rng.NextInt64(0, DiskSectors / alignment) * alignment);

    private static long Exponential(Random rng, double mean) => (long)(-mean * Math.Log(1 - rng.NextDouble()));
}
