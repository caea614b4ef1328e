using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Analysis;

/// <summary>Hand-built ring traces with known answers: rows in the order added, seq dense from 0.</summary>
public sealed class TraceBuilder
{
    private readonly List<RingEvent> _rows = [];
    private uint _reqIdx;
    private uint _rspIdx;

    public TraceMetadata Metadata { get; set; } = new() { RingSize = 32, Queues = 1, Profile = "linux", Store = "mem:256M,cache", Writer = "blkt test" };

    public IReadOnlyList<RingEvent> Rows => _rows;

    /// <summary>A request with full 4 KiB pages (nr_sectors a multiple of 8) or a partial page.</summary>
    public TraceBuilder Request(long ts, ulong id, BlkifOperation op, ulong sector = 0, int sectors = 0, short queue = 0)
    {
        var segments = new List<BlkifSegment>();
        for (int left = sectors; left > 0; left -= 8)
        {
            segments.Add(new BlkifSegment(1, 0, (byte)(Math.Min(8, left) - 1)));
        }

        var request = op == BlkifOperation.Discard
            ? BlkifRequest.Discard(id, sector, (ulong)sectors, false)
            : BlkifRequest.Direct(op, id, sector, segments.ToArray());
        return Add(RingEvent.FromRequest(_rows.Count, ts, queue, _reqIdx++, request, [], null));
    }

    /// <summary>An INDIRECT request whose inner op is <paramref name="inner"/>, over <paramref name="sectors"/> sectors.</summary>
    public TraceBuilder Indirect(long ts, ulong id, BlkifOperation inner, ulong sector, int sectors, short queue = 0)
    {
        var segments = Enumerable.Range(0, sectors / 8).Select(_ => new BlkifSegment(1, 0, 7)).ToArray();
        var request = BlkifRequest.Indirect(inner, id, sector, (ushort)segments.Length, [1], 0);
        return Add(RingEvent.FromRequest(_rows.Count, ts, queue, _reqIdx++, request, segments, null));
    }

    public TraceBuilder Response(long ts, ulong id, BlkifStatus status = BlkifStatus.Okay, BlkifOperation op = BlkifOperation.Read, short queue = 0) =>
        Add(RingEvent.FromResponse(_rows.Count, ts, queue, _rspIdx++, new BlkifResponse(id, op, status)));

    public TraceBuilder StoreFlush(long ts, ulong id, short queue = 0) =>
        Add(RingEvent.FromStoreFlush(_rows.Count, ts, queue, id));

    public TraceBuilder Add(RingEvent row)
    {
        row.Seq = _rows.Count;
        _rows.Add(row);
        return this;
    }

    /// <summary>Writes the rows as one Parquet segment (small row groups, so readers cross row-group edges).</summary>
    public string Write(string directory, int rowGroupRows = 7)
    {
        using (var writer = new TraceWriter(directory, Metadata, new TraceWriterOptions { RowGroupRows = rowGroupRows, MaxSegmentAge = null, Durable = false, BaseName = "t" }))
        {
            foreach (var row in _rows)
            {
                writer.Append(row);
            }
        }

        return directory;
    }
}
