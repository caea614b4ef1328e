using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Trace;

/// <summary>
/// One row of trace schema v1 with domain types (columns are described in <see cref="TraceSchema"/>).
/// For small traces, tests and converters; scans use <see cref="RingEventBatch"/>.
/// </summary>
/// <remarks>
/// <see cref="SegLayout"/> is a view: a row taken from a batch (<see cref="RingEventBatch.GetRow"/>)
/// points into the batch's buffer and is valid only as long as the batch is; rows from
/// <see cref="Storage.TraceReader.ReadAll(string)"/> or <see cref="RingEventBatch.ToArray"/> own their bytes.
/// </remarks>
public struct RingEvent : IEquatable<RingEvent>
{
    /// <summary><c>seq</c>.</summary>
    public long Seq;

    /// <summary><c>ts_ns</c>.</summary>
    public long TsNs;

    /// <summary><c>kind</c>.</summary>
    public RingEventKind Kind;

    /// <summary><c>queue</c>.</summary>
    public short Queue;

    /// <summary><c>ring_idx</c>.</summary>
    public uint RingIndex;

    /// <summary><c>id</c>.</summary>
    public ulong Id;

    /// <summary><c>op</c>.</summary>
    public BlkifOperation Operation;

    /// <summary><c>indirect_op</c>, null unless the row is an INDIRECT request.</summary>
    public BlkifOperation? IndirectOperation;

    /// <summary><c>nr_segments</c>.</summary>
    public ushort NrSegments;

    /// <summary><c>handle</c>.</summary>
    public ushort Handle;

    /// <summary><c>sector</c>.</summary>
    public ulong Sector;

    /// <summary><c>nr_sectors</c>.</summary>
    public int NrSectors;

    /// <summary><c>seg_layout</c>: first_sect,last_sect per segment; null when absent (empty is a 0-segment request).</summary>
    public ReadOnlyMemory<byte>? SegLayout;

    /// <summary><c>status</c>, set on response rows.</summary>
    public BlkifStatus? Status;

    /// <summary><c>data_hash</c>.</summary>
    public long? DataHash;

    /// <summary>A request row (allocates its layout; the tap has its own allocation-free path).</summary>
    public static RingEvent FromRequest(long seq, long tsNs, int queue, uint ringIndex, in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments, long? dataHash)
    {
        var segments = RequestRow.Segments(request, indirectSegments);
        ReadOnlyMemory<byte>? layout = null;
        if (RequestRow.HasSegLayout(request, indirectSegments))
        {
            byte[] bytes = new byte[segments.Length * TraceSchema.SegLayoutBytesPerSegment];
            RequestRow.EncodeSegLayout(segments, bytes);
            layout = bytes;
        }

        return new RingEvent
        {
            Seq = seq,
            TsNs = tsNs,
            Kind = RingEventKind.Request,
            Queue = (short)queue,
            RingIndex = ringIndex,
            Id = request.Id,
            Operation = request.Operation,
            IndirectOperation = request.Operation == BlkifOperation.Indirect ? request.IndirectOperation : null,
            NrSegments = request.NrSegments,
            Handle = request.Handle,
            Sector = request.SectorNumber,
            NrSectors = RequestRow.NrSectors(request, indirectSegments),
            SegLayout = layout,
            DataHash = dataHash,
        };
    }

    /// <summary>A response row.</summary>
    public static RingEvent FromResponse(long seq, long tsNs, int queue, uint ringIndex, in BlkifResponse response) => new()
    {
        Seq = seq,
        TsNs = tsNs,
        Kind = RingEventKind.Response,
        Queue = (short)queue,
        RingIndex = ringIndex,
        Id = response.Id,
        Operation = response.Operation,
        Status = response.Status,
    };

    /// <summary>A store-flush row.</summary>
    public static RingEvent FromStoreFlush(long seq, long tsNs, int queue, ulong requestId) => new()
    {
        Seq = seq,
        TsNs = tsNs,
        Kind = RingEventKind.StoreFlush,
        Queue = (short)queue,
        Id = requestId,
    };

    /// <summary>A copy that owns its <see cref="SegLayout"/> bytes.</summary>
    public readonly RingEvent Detach()
    {
        var copy = this;
        if (SegLayout is { } layout)
        {
            copy.SegLayout = layout.ToArray();
        }

        return copy;
    }

    /// <summary>Field-by-field equality; <see cref="SegLayout"/> by content (null differs from empty).</summary>
    public readonly bool Equals(RingEvent other) =>
        Seq == other.Seq && TsNs == other.TsNs && Kind == other.Kind && Queue == other.Queue &&
        RingIndex == other.RingIndex && Id == other.Id && Operation == other.Operation &&
        IndirectOperation == other.IndirectOperation && NrSegments == other.NrSegments &&
        Handle == other.Handle && Sector == other.Sector && NrSectors == other.NrSectors &&
        Status == other.Status && DataHash == other.DataHash &&
        SegLayout.HasValue == other.SegLayout.HasValue &&
        (!SegLayout.HasValue || SegLayout.Value.Span.SequenceEqual(other.SegLayout!.Value.Span));

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is RingEvent other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(Seq, TsNs, Kind, Id, Sector);

    /// <inheritdoc />
    public override readonly string ToString()
    {
        string layout = SegLayout is { } l ? Convert.ToHexString(l.Span) : "null";
        return $"seq={Seq} ts={TsNs} {Kind} q={Queue} idx={RingIndex} id={Id} op={Operation}/{IndirectOperation?.ToString() ?? "-"} " +
            $"nseg={NrSegments} h={Handle} sector={Sector} nsec={NrSectors} layout={layout} status={Status?.ToString() ?? "-"} hash={DataHash?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
    }

    /// <summary>Equality operator.</summary>
    public static bool operator ==(RingEvent left, RingEvent right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(RingEvent left, RingEvent right) => !left.Equals(right);
}
