using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Benchmarks;

/// <summary>
/// Writes a large seeded capture for the analyzer benchmark without holding it in memory: a blkfront
/// model at queue depth 32 on each of two rings (ids are shadow-slot indices, reused as Linux does),
/// 60 % reads and 40 % writes of 4–44 KiB, a FLUSH_DISKCACHE (with its store-flush row) every 64
/// writes and an empty WRITE_BARRIER every 1000 requests, exponential service times. The file is
/// cached under /tmp by event count, seed and the build of the Trace assembly (its MVID), so
/// generation is paid once per writer: a changed encoder never gets measured on an old file.
/// </summary>
public static class AnalyzeTraceGenerator
{
    private const int QueueDepth = 32;
    private const int Rings = 2;

    private static readonly string WriterBuild = typeof(TraceWriter).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    /// <summary>The cached trace directory for <paramref name="events"/> rows; written when absent.</summary>
    public static string Ensure(long events, int seed)
    {
        string dir = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"blkt-analyze-bench-{events}-{seed}-{WriterBuild}"));
        string done = Path.Combine(dir, "complete");
        if (File.Exists(done))
        {
            return dir;
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var metadata = new TraceMetadata { RingSize = 32, Queues = Rings, Profile = "linux", Store = "null:8G", Writer = "blkt benchmark" };
        var options = new TraceWriterOptions { MaxSegmentRows = long.MaxValue, MaxSegmentAge = null, Durable = false, BaseName = "bench" };
        using (var writer = new TraceWriter(dir, metadata, options))
        {
            Generate(writer, events, seed);
        }

        File.WriteAllText(done, "ok");
        return dir;
    }

    private static void Generate(TraceWriter writer, long events, int seed)
    {
        var rng = new Random(seed);
        var pending = new PriorityQueue<(int Ring, int Slot, bool Completion), long>();
        var inFlight = new RingEvent[Rings * QueueDepth];
        var reqIdx = new uint[Rings];
        var rspIdx = new uint[Rings];
        byte[][] layouts = [.. Enumerable.Range(0, 12).Select(n => Enumerable.Repeat(new byte[] { 0, 7 }, n).SelectMany(b => b).ToArray())];
        long seq = 0;
        long requests = 0;
        int sinceFlush = 0;
        for (int r = 0; r < Rings; r++)
        {
            for (int s = 0; s < QueueDepth; s++)
            {
                pending.Enqueue((r, s, false), (s * 150L) + r);
            }
        }

        while (seq < events && pending.TryDequeue(out var item, out long t))
        {
            int slot = (item.Ring * QueueDepth) + item.Slot;
            if (item.Completion)
            {
                var done = inFlight[slot];
                if (done.Operation == BlkifOperation.FlushDiskCache)
                {
                    writer.Append(RingEvent.FromStoreFlush(seq++, t - 1, item.Ring, done.Id));
                }

                var status = rng.Next(10_000) == 0 ? BlkifStatus.Error : BlkifStatus.Okay;
                writer.Append(RingEvent.FromResponse(seq++, t, item.Ring, rspIdx[item.Ring]++, new BlkifResponse(done.Id, done.Operation, status)));
                pending.Enqueue((item.Ring, item.Slot, false), t + 200 + rng.Next(800));
                continue;
            }

            var e = new RingEvent
            {
                Seq = seq++,
                TsNs = t,
                Kind = RingEventKind.Request,
                Queue = (short)item.Ring,
                RingIndex = reqIdx[item.Ring]++,
                Id = (ulong)item.Slot,
            };
            long service;
            requests++;
            if (requests % 1000 == 0)
            {
                e.Operation = BlkifOperation.WriteBarrier;
                e.SegLayout = layouts[0];
                service = 300_000 + Exponential(rng, 100_000);
            }
            else if (rng.Next(10) < 6)
            {
                int n = 1 + rng.Next(11);
                e.Operation = BlkifOperation.Read;
                e.NrSegments = (ushort)n;
                e.Sector = (ulong)rng.NextInt64(0, 1L << 21) * 8;
                e.NrSectors = n * 8;
                e.SegLayout = layouts[n];
                service = 60_000 + Exponential(rng, 40_000);
            }
            else if (++sinceFlush > 64)
            {
                sinceFlush = 0;
                e.Operation = BlkifOperation.FlushDiskCache;
                e.SegLayout = layouts[0];
                service = 200_000 + Exponential(rng, 100_000);
            }
            else
            {
                int n = 1 + rng.Next(11);
                e.Operation = BlkifOperation.Write;
                e.NrSegments = (ushort)n;
                e.Sector = (ulong)rng.NextInt64(0, 1L << 21) * 8;
                e.NrSectors = n * 8;
                e.SegLayout = layouts[n];
                service = 20_000 + Exponential(rng, 15_000);
            }

            inFlight[slot] = e;
            writer.Append(e);
            pending.Enqueue((item.Ring, item.Slot, true), t + service);
        }
    }

    private static long Exponential(Random rng, double mean) => (long)(-mean * Math.Log(1 - rng.NextDouble()));
}
