using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Source;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Replay;

/// <summary>Builds a source capture row by row (requests, responses, timestamps) for lifting and replay tests.</summary>
public sealed class SourceTrace
{
    private readonly List<RingEvent> _rows = [];
    private long _seq;
    private long _ts = 1_000;
    private ulong _nextId = 1;

    public ulong Sectors { get; init; } = 1 << 16;

    public long GapNs { get; init; } = 50_000;

    public long LatencyNs { get; init; } = 20_000;

    public IReadOnlyList<RingEvent> Rows => _rows;

    public TraceMetadata Metadata => new() { Sectors = Sectors, SectorSize = 512, RingPageOrder = 0, RingSize = 32, Profile = "linux", Store = "mem:32M,cache", Queues = 1 };

    public ulong Request(BlkifOperation op, ulong sector = 0, int sectors = 0, long? hash = null, BlkifOperation? inner = null)
    {
        ulong id = _nextId++;
        _rows.Add(new RingEvent
        {
            Seq = _seq++,
            TsNs = _ts,
            Kind = RingEventKind.Request,
            Id = id,
            Operation = op,
            IndirectOperation = inner,
            NrSegments = (ushort)((sectors + 7) / 8),
            Sector = sector,
            NrSectors = sectors,
            DataHash = hash,
        });
        _ts += 1_000;
        return id;
    }

    public void Respond(ulong id, BlkifStatus status = BlkifStatus.Okay, BlkifOperation op = BlkifOperation.Write)
    {
        _rows.Add(new RingEvent { Seq = _seq++, TsNs = _ts, Kind = RingEventKind.Response, Id = id, Operation = op, Status = status });
        _ts += 1_000;
    }

    public void Advance(long ns) => _ts += ns;

    public SourceTrace Op(BlkifOperation op, ulong sector = 0, int sectors = 0, long? hash = null, BlkifStatus status = BlkifStatus.Okay)
    {
        ulong id = Request(op, sector, sectors, hash);
        Advance(LatencyNs);
        Respond(id, status, op);
        Advance(GapNs);
        return this;
    }

    public SourceTrace Write(ulong sector, int sectors, long? hash = null) => Op(BlkifOperation.Write, sector, sectors, hash);

    public SourceTrace Read(ulong sector, int sectors) => Op(BlkifOperation.Read, sector, sectors);

    public SourceTrace Flush() => Op(BlkifOperation.FlushDiskCache);

    public SourceTrace EmptyBarrier() => Op(BlkifOperation.WriteBarrier);

    public SourceTrace DataBarrier(ulong sector, int sectors, long? hash = null) => Op(BlkifOperation.WriteBarrier, sector, sectors, hash);

    public SourceTrace Discard(ulong sector, int sectors) => Op(BlkifOperation.Discard, sector, sectors);

    public SourceWorkload Lift() => IntentLifter.Lift(_rows, Metadata, "test-source");

    /// <summary>Writes the rows as a real capture (one sealed segment) and returns the segment's path.</summary>
    public string WriteTo(string directory)
    {
        using (var writer = new TraceWriter(directory, Metadata, new TraceWriterOptions { BaseName = "source" }))
        {
            foreach (var row in _rows)
            {
                writer.Append(row);
            }
        }

        return Path.Combine(directory, "source.00000.parquet");
    }

    /// <summary>
    /// A seeded mix: writes, reads of written ranges, flushes, empty barriers, barriers with new and
    /// with repeated data, discards; some bursts of concurrent requests answered out of order.
    /// </summary>
    public static SourceTrace Mixed(int operations, int seed)
    {
        var rng = new Random(seed);
        var t = new SourceTrace();
        var written = new List<(ulong Sector, int Sectors, long Hash)>();
        for (int n = 0; n < operations;)
        {
            int burst = rng.Next(4) == 0 ? rng.Next(2, 5) : 1;
            var ids = new List<(ulong Id, BlkifOperation Op)>();
            ulong lane = (ulong)rng.Next(8) * 4096;
            for (int b = 0; b < burst && n < operations; b++, n++)
            {
                int roll = rng.Next(100);
                ulong sector = lane + (ulong)(b * 64) + (ulong)rng.Next(32);
                int sectors = rng.Next(1, 17);
                long hash = rng.NextInt64();
                (ulong Id, BlkifOperation Op) r = roll switch
                {
                    < 40 => (t.Request(BlkifOperation.Write, sector, sectors, hash), BlkifOperation.Write),
                    < 65 when written.Count > 0 => ReadBack(t, written[rng.Next(written.Count)]),
                    < 75 => (t.Request(BlkifOperation.FlushDiskCache), BlkifOperation.FlushDiskCache),
                    < 80 => (t.Request(BlkifOperation.WriteBarrier), BlkifOperation.WriteBarrier),
                    < 86 => (t.Request(BlkifOperation.WriteBarrier, sector, sectors, hash), BlkifOperation.WriteBarrier),
                    < 92 when written.Count > 0 => Repeat(t, written[rng.Next(written.Count)]),
                    < 96 => (t.Request(BlkifOperation.Discard, lane + 3000, 16), BlkifOperation.Discard),
                    _ => (t.Request(BlkifOperation.Write, sector, sectors, hash), BlkifOperation.Write),
                };
                if (r.Op is BlkifOperation.Write || (r.Op == BlkifOperation.WriteBarrier && roll is >= 80 and < 86))
                {
                    written.Add((sector, sectors, hash));
                }

                ids.Add(r);
            }

            t.Advance(t.LatencyNs);
            for (int k = ids.Count - 1; k >= 0; k--)
            {
                t.Respond(ids[k].Id, BlkifStatus.Okay, ids[k].Op);
            }

            t.Advance(t.GapNs);
        }

        return t;

        static (ulong, BlkifOperation) ReadBack(SourceTrace t, (ulong Sector, int Sectors, long Hash) w) =>
            (t.Request(BlkifOperation.Read, w.Sector, w.Sectors), BlkifOperation.Read);

        static (ulong, BlkifOperation) Repeat(SourceTrace t, (ulong Sector, int Sectors, long Hash) w) =>
            (t.Request(BlkifOperation.WriteBarrier, w.Sector, w.Sectors, w.Hash), BlkifOperation.WriteBarrier);
    }
}
