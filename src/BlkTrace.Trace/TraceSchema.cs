namespace BlkTrace.Trace;

/// <summary>
/// Trace schema v1 (design.md §4): one row per ring event in tap order. Column names, types,
/// nullability, their order and the numeric codes of <c>kind</c>, <c>op</c> and <c>status</c> are
/// frozen; a test pins them, and any change must bump <see cref="Version"/> and be written down.
/// </summary>
/// <remarks>
/// Unsigned values are stored in the next wider signed type where the issue says so (ring_idx is
/// a uint32 in an int64, handle a uint16 in an int32); <c>nr_segments</c> holds the frontend's
/// uint16 in an int16 (bit pattern kept, so a reader casts back to ushort); <c>sector</c> holds
/// the uint64 <c>sector_number</c> bit pattern in an int64. Row conventions:
/// a request row carries every request field, <c>status</c> null; <c>nr_sectors</c> is the sum of
/// its segments' lengths (invalid segments count 0), a DISCARD's own <c>nr_sectors</c> (saturated
/// at int32 max), 0 for 0-segment operations; <c>seg_layout</c> is null for DISCARD and for an
/// INDIRECT request whose descriptor pages could not be read. A response row fills
/// seq, ts_ns, kind, queue, ring_idx, id, op (as echoed) and status, and leaves the request-only
/// columns 0 or null. A store-flush row fills seq, ts_ns, kind, queue and id (the request it
/// serves); op, ring_idx and the rest are 0 or null.
/// </remarks>
public static class TraceSchema
{
    /// <summary>The schema version written in <c>blktrace.schema_version</c>.</summary>
    public const int Version = 1;

    /// <summary><c>seq</c>: tap-global sequence, dense from 0.</summary>
    public const string Seq = "seq";

    /// <summary><c>ts_ns</c>: ns since capture start, monotonic clock.</summary>
    public const string TsNs = "ts_ns";

    /// <summary><c>kind</c>: <see cref="RingEventKind"/>.</summary>
    public const string Kind = "kind";

    /// <summary><c>queue</c>: ring (queue) index.</summary>
    public const string Queue = "queue";

    /// <summary><c>ring_idx</c>: RING_IDX of the slot.</summary>
    public const string RingIdx = "ring_idx";

    /// <summary><c>id</c>: frontend request id.</summary>
    public const string Id = "id";

    /// <summary><c>op</c>: blkif operation.</summary>
    public const string Op = "op";

    /// <summary><c>indirect_op</c>: inner operation of an INDIRECT request.</summary>
    public const string IndirectOp = "indirect_op";

    /// <summary><c>nr_segments</c>.</summary>
    public const string NrSegments = "nr_segments";

    /// <summary><c>handle</c>.</summary>
    public const string Handle = "handle";

    /// <summary><c>sector</c>: first 512-byte sector.</summary>
    public const string Sector = "sector";

    /// <summary><c>nr_sectors</c>.</summary>
    public const string NrSectors = "nr_sectors";

    /// <summary><c>seg_layout</c>: first_sect,last_sect per segment.</summary>
    public const string SegLayout = "seg_layout";

    /// <summary><c>status</c>: response status.</summary>
    public const string Status = "status";

    /// <summary><c>data_hash</c>: optional payload hash.</summary>
    public const string DataHash = "data_hash";

    /// <summary>Bytes per segment in <c>seg_layout</c>.</summary>
    public const int SegLayoutBytesPerSegment = 2;

    /// <summary>The columns in file order.</summary>
    public static IReadOnlyList<TraceColumn> Columns { get; } =
    [
        new(Seq, TraceColumnType.Int64, false, "tap-global sequence, dense from 0, no gaps within a capture"),
        new(TsNs, TraceColumnType.Int64, false, "ns since capture start (monotonic clock)"),
        new(Kind, TraceColumnType.Int8, false, "0 request, 1 response, 2 store flush"),
        new(Queue, TraceColumnType.Int16, false, "ring (queue) index"),
        new(RingIdx, TraceColumnType.Int64, false, "RING_IDX of the slot (uint32 value)"),
        new(Id, TraceColumnType.UInt64, false, "frontend request id (echoed in the response)"),
        new(Op, TraceColumnType.Int8, false, "blkif op (INDIRECT rows: 6, with indirect_op)"),
        new(IndirectOp, TraceColumnType.Int8, true, "inner op of an INDIRECT request"),
        new(NrSegments, TraceColumnType.Int16, false, "nr_segments as the frontend wrote it (uint16 bits)"),
        new(Handle, TraceColumnType.Int32, false, "handle (uint16 value)"),
        new(Sector, TraceColumnType.Int64, false, "first 512-byte sector"),
        new(NrSectors, TraceColumnType.Int32, false, "sum of segment lengths (or discard length)"),
        new(SegLayout, TraceColumnType.Binary, true, "per segment first_sect,last_sect (2 bytes each)"),
        new(Status, TraceColumnType.Int16, true, "response status"),
        new(DataHash, TraceColumnType.Int64, true, "optional hash of a write's payload"),
    ];

    /// <summary>The <see cref="TraceColumns"/> flag of a column name; <see cref="TraceColumns.None"/> for an unknown name.</summary>
    public static TraceColumns FlagOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return (TraceColumns)(1 << i);
            }
        }

        return TraceColumns.None;
    }
}
