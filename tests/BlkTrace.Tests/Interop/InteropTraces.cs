using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Interop;

/// <summary>
/// Seeded ring traces for the import/export tests: every op a foreign format can carry (and one it
/// cannot), several queues, completions out of order, some errors, store-flush rows. Ids are unique
/// per queue while in flight; sectors are random over 8 GiB, so requests do not overlap (the
/// overlap tests build their own). Shared with the integration tests by file link.
/// </summary>
public static class InteropTraces
{
    /// <summary>A trace of <paramref name="requests"/> requests and their responses, tap order, dense seq.</summary>
    public static List<RingEvent> Random(int requests, int seed, int queues = 1, bool errors = true, bool storeFlushes = true, int maxInFlight = 16)
    {
        var rng = new Random(seed);
        var rows = new List<RingEvent>(requests * 2);
        var inFlight = new List<(short Queue, ulong Id, BlkifOperation Op, bool Flush)>();
        var nextId = new ulong[queues];
        var reqIdx = new uint[queues];
        var rspIdx = new uint[queues];
        long ts = 1_000;
        int issued = 0;
        while (issued < requests || inFlight.Count > 0)
        {
            ts += rng.Next(200, 20_000);
            bool issue = issued < requests && (inFlight.Count == 0 || (inFlight.Count < maxInFlight && rng.Next(2) == 0));
            if (issue)
            {
                short q = (short)rng.Next(queues);
                ulong id = nextId[q]++;
                var request = NextRequest(rng, id);
                rows.Add(RingEvent.FromRequest(rows.Count, ts, q, reqIdx[q]++, request, IndirectSegments(request), null));
                var op = request.Operation;
                inFlight.Add((q, id, op, request.EffectiveOperation is BlkifOperation.FlushDiskCache or BlkifOperation.WriteBarrier));
                issued++;
                continue;
            }

            int k = rng.Next(inFlight.Count);
            var done = inFlight[k];
            inFlight.RemoveAt(k);
            if (storeFlushes && done.Flush)
            {
                rows.Add(RingEvent.FromStoreFlush(rows.Count, ts, done.Queue, done.Id));
                ts += 100;
            }

            var status = !errors ? BlkifStatus.Okay : rng.Next(40) switch
            {
                0 => BlkifStatus.Error,
                1 => BlkifStatus.EOpNotSupp,
                _ => BlkifStatus.Okay,
            };
            rows.Add(RingEvent.FromResponse(rows.Count, ts, done.Queue, rspIdx[done.Queue]++, new BlkifResponse(done.Id, done.Op, status)));
        }

        return rows;
    }

    /// <summary>The indirect segments a request row records (none unless INDIRECT).</summary>
    private static BlkifSegment[] IndirectSegments(in BlkifRequest request)
    {
        if (request.Operation != BlkifOperation.Indirect)
        {
            return [];
        }

        var segments = new BlkifSegment[request.NrSegments];
        for (int i = 0; i < segments.Length; i++)
        {
            segments[i] = new BlkifSegment((uint)i, 0, 7);
        }

        return segments;
    }

    private static BlkifRequest NextRequest(Random rng, ulong id)
    {
        ulong sector = (ulong)rng.NextInt64(0, 1L << 21) * 8;
        int pages = 1 + rng.Next(8);
        return rng.Next(20) switch
        {
            < 7 => BlkifRequest.Direct(BlkifOperation.Read, id, sector, Pages(pages)),
            < 13 => BlkifRequest.Direct(BlkifOperation.Write, id, sector, Pages(pages)),
            13 => BlkifRequest.Indirect(BlkifOperation.Read, id, sector, (ushort)(12 + rng.Next(20)), [1]),
            14 => BlkifRequest.Indirect(BlkifOperation.Write, id, sector, (ushort)(12 + rng.Next(20)), [1]),
            15 => BlkifRequest.Direct(BlkifOperation.FlushDiskCache, id, 0, []),
            16 => BlkifRequest.Direct(BlkifOperation.WriteBarrier, id, sector, Pages(pages)),
            17 => BlkifRequest.Direct(BlkifOperation.FlushDiskCache, id, sector, Pages(pages)),
            18 => BlkifRequest.Direct(BlkifOperation.WriteBarrier, id, 0, []),
            _ => BlkifRequest.Discard(id, sector, (ulong)(8 * (1 + rng.Next(64)))),
        };
    }

    private static BlkifSegment[] Pages(int n)
    {
        var segments = new BlkifSegment[n];
        for (int i = 0; i < n; i++)
        {
            segments[i] = new BlkifSegment((uint)(i + 1), 0, 7);
        }

        return segments;
    }
}
