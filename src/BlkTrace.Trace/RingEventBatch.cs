using System.Runtime.InteropServices;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Trace;

/// <summary>
/// A block of trace rows, column by column: one plain array per column, so a scan is a loop over
/// spans with no per-row cost. Nullable columns are a value span plus a presence span (the value
/// is 0 where absent). <c>seg_layout</c> is one byte buffer plus <c>Count + 1</c> offsets.
/// </summary>
/// <remarks>
/// Lifetime: a batch handed out by <see cref="Storage.TraceReader"/> is reused — it is valid until
/// the next <c>MoveNext</c> (or until the reader is disposed). Copy what you need to keep
/// (<see cref="ToArray"/>, or copy the spans). Only the columns in <see cref="Columns"/> hold data;
/// the spans of the others are empty.
/// </remarks>
public sealed class RingEventBatch
{
    private int _capacity;
    internal long[] SeqValues = [];
    internal long[] TsValues = [];
    internal sbyte[] KindValues = [];
    internal short[] QueueValues = [];
    internal long[] RingIdxValues = [];
    internal ulong[] IdValues = [];
    internal sbyte[] OpValues = [];
    internal sbyte[] IndirectOpValues = [];
    internal bool[] IndirectOpPresent = [];
    internal short[] NrSegmentsValues = [];
    internal int[] HandleValues = [];
    internal long[] SectorValues = [];
    internal int[] NrSectorsValues = [];
    internal byte[] LayoutBytes = [];
    internal int[] LayoutOffsets = [0];
    internal bool[] LayoutPresent = [];
    internal short[] StatusValues = [];
    internal bool[] StatusPresent = [];
    internal long[] HashValues = [];
    internal bool[] HashPresent = [];

    /// <summary>An empty batch that can hold <paramref name="capacity"/> rows of every column.</summary>
    public RingEventBatch(int capacity)
        : this(capacity, TraceColumns.All)
    {
    }

    /// <summary>An empty batch for the given columns.</summary>
    public RingEventBatch(int capacity, TraceColumns columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Columns = columns;
        EnsureCapacity(capacity);
    }

    /// <summary>Rows in the batch.</summary>
    public int Count { get; internal set; }

    /// <summary>Rows the batch can hold without growing.</summary>
    public int Capacity => _capacity;

    /// <summary>The columns that hold data.</summary>
    public TraceColumns Columns { get; internal set; }

    /// <summary><c>seq</c>.</summary>
    public ReadOnlySpan<long> Seq => Span(SeqValues, TraceColumns.Seq);

    /// <summary><c>ts_ns</c>.</summary>
    public ReadOnlySpan<long> TsNs => Span(TsValues, TraceColumns.TsNs);

    /// <summary><c>kind</c>.</summary>
    public ReadOnlySpan<RingEventKind> Kind => MemoryMarshal.Cast<sbyte, RingEventKind>(Span(KindValues, TraceColumns.Kind));

    /// <summary><c>queue</c>.</summary>
    public ReadOnlySpan<short> Queue => Span(QueueValues, TraceColumns.Queue);

    /// <summary><c>ring_idx</c> (uint32 values).</summary>
    public ReadOnlySpan<long> RingIdx => Span(RingIdxValues, TraceColumns.RingIdx);

    /// <summary><c>id</c>.</summary>
    public ReadOnlySpan<ulong> Id => Span(IdValues, TraceColumns.Id);

    /// <summary><c>op</c>.</summary>
    public ReadOnlySpan<BlkifOperation> Op => MemoryMarshal.Cast<sbyte, BlkifOperation>(Span(OpValues, TraceColumns.Op));

    /// <summary><c>indirect_op</c> values (0 where <see cref="HasIndirectOp"/> is false).</summary>
    public ReadOnlySpan<BlkifOperation> IndirectOp => MemoryMarshal.Cast<sbyte, BlkifOperation>(Span(IndirectOpValues, TraceColumns.IndirectOp));

    /// <summary>Where <c>indirect_op</c> is not null.</summary>
    public ReadOnlySpan<bool> HasIndirectOp => Span(IndirectOpPresent, TraceColumns.IndirectOp);

    /// <summary><c>nr_segments</c> (the frontend's uint16).</summary>
    public ReadOnlySpan<ushort> NrSegments => MemoryMarshal.Cast<short, ushort>(Span(NrSegmentsValues, TraceColumns.NrSegments));

    /// <summary><c>handle</c> (uint16 values).</summary>
    public ReadOnlySpan<int> Handle => Span(HandleValues, TraceColumns.Handle);

    /// <summary><c>sector</c> (the frontend's uint64).</summary>
    public ReadOnlySpan<ulong> Sector => MemoryMarshal.Cast<long, ulong>(Span(SectorValues, TraceColumns.Sector));

    /// <summary><c>nr_sectors</c>.</summary>
    public ReadOnlySpan<int> NrSectors => Span(NrSectorsValues, TraceColumns.NrSectors);

    /// <summary>Where <c>seg_layout</c> is not null.</summary>
    public ReadOnlySpan<bool> HasSegLayout => Span(LayoutPresent, TraceColumns.SegLayout);

    /// <summary>Start of row i's layout in <see cref="SegLayoutBytes"/> is <c>[i]</c>, its end <c>[i + 1]</c>.</summary>
    public ReadOnlySpan<int> SegLayoutOffsets =>
        (Columns & TraceColumns.SegLayout) != 0 ? LayoutOffsets.AsSpan(0, Count + 1) : [];

    /// <summary>Every row's layout bytes, back to back.</summary>
    public ReadOnlySpan<byte> SegLayoutBytes =>
        (Columns & TraceColumns.SegLayout) != 0 ? LayoutBytes.AsSpan(0, LayoutOffsets[Count]) : [];

    /// <summary><c>status</c> values (0 where <see cref="HasStatus"/> is false).</summary>
    public ReadOnlySpan<BlkifStatus> Status => MemoryMarshal.Cast<short, BlkifStatus>(Span(StatusValues, TraceColumns.Status));

    /// <summary>Where <c>status</c> is not null.</summary>
    public ReadOnlySpan<bool> HasStatus => Span(StatusPresent, TraceColumns.Status);

    /// <summary><c>data_hash</c> values (0 where <see cref="HasDataHash"/> is false).</summary>
    public ReadOnlySpan<long> DataHash => Span(HashValues, TraceColumns.DataHash);

    /// <summary>Where <c>data_hash</c> is not null.</summary>
    public ReadOnlySpan<bool> HasDataHash => Span(HashPresent, TraceColumns.DataHash);

    /// <summary>Row <paramref name="row"/>'s layout bytes (empty when absent; see <see cref="HasSegLayout"/>).</summary>
    public ReadOnlySpan<byte> SegLayout(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        return (Columns & TraceColumns.SegLayout) != 0
            ? LayoutBytes.AsSpan(LayoutOffsets[row], LayoutOffsets[row + 1] - LayoutOffsets[row])
            : [];
    }

    /// <summary>
    /// Row <paramref name="row"/> as a <see cref="RingEvent"/>. Its <see cref="RingEvent.SegLayout"/> points
    /// into this batch (valid until the batch is reused); columns not loaded read as 0 or null.
    /// </summary>
    public RingEvent GetRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var c = Columns;
        return new RingEvent
        {
            Seq = Has(c, TraceColumns.Seq) ? SeqValues[row] : 0,
            TsNs = Has(c, TraceColumns.TsNs) ? TsValues[row] : 0,
            Kind = Has(c, TraceColumns.Kind) ? (RingEventKind)KindValues[row] : 0,
            Queue = Has(c, TraceColumns.Queue) ? QueueValues[row] : (short)0,
            RingIndex = Has(c, TraceColumns.RingIdx) ? (uint)RingIdxValues[row] : 0,
            Id = Has(c, TraceColumns.Id) ? IdValues[row] : 0,
            Operation = Has(c, TraceColumns.Op) ? (BlkifOperation)OpValues[row] : 0,
            IndirectOperation = Has(c, TraceColumns.IndirectOp) && IndirectOpPresent[row] ? (BlkifOperation)IndirectOpValues[row] : null,
            NrSegments = Has(c, TraceColumns.NrSegments) ? (ushort)NrSegmentsValues[row] : (ushort)0,
            Handle = Has(c, TraceColumns.Handle) ? (ushort)HandleValues[row] : (ushort)0,
            Sector = Has(c, TraceColumns.Sector) ? (ulong)SectorValues[row] : 0,
            NrSectors = Has(c, TraceColumns.NrSectors) ? NrSectorsValues[row] : 0,
            // Spelled out: a bare null here would convert through byte[] to an empty, non-null memory.
            SegLayout = Has(c, TraceColumns.SegLayout) && LayoutPresent[row]
                ? new ReadOnlyMemory<byte>(LayoutBytes, LayoutOffsets[row], LayoutOffsets[row + 1] - LayoutOffsets[row])
                : default(ReadOnlyMemory<byte>?),
            Status = Has(c, TraceColumns.Status) && StatusPresent[row] ? (BlkifStatus)StatusValues[row] : null,
            DataHash = Has(c, TraceColumns.DataHash) && HashPresent[row] ? HashValues[row] : null,
        };
    }

    /// <summary>Every row as an owning <see cref="RingEvent"/> (safe to keep after the batch is reused).</summary>
    public RingEvent[] ToArray()
    {
        var rows = new RingEvent[Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = GetRow(i).Detach();
        }

        return rows;
    }

    /// <summary>Empties the batch (keeps its buffers).</summary>
    public void Clear()
    {
        Count = 0;
        LayoutOffsets[0] = 0;
    }

    /// <summary>Appends a row (every column must be loaded); grows when full.</summary>
    public void Add(in RingEvent e)
    {
        if (Columns != TraceColumns.All)
        {
            throw new InvalidOperationException("rows can only be added to a batch that holds every column");
        }

        if (Count == Capacity)
        {
            EnsureCapacity(Math.Max(16, Capacity * 2));
        }

        int i = Count;
        SeqValues[i] = e.Seq;
        TsValues[i] = e.TsNs;
        KindValues[i] = (sbyte)e.Kind;
        QueueValues[i] = e.Queue;
        RingIdxValues[i] = e.RingIndex;
        IdValues[i] = e.Id;
        OpValues[i] = (sbyte)e.Operation;
        IndirectOpPresent[i] = e.IndirectOperation.HasValue;
        IndirectOpValues[i] = (sbyte)e.IndirectOperation.GetValueOrDefault();
        NrSegmentsValues[i] = (short)e.NrSegments;
        HandleValues[i] = e.Handle;
        SectorValues[i] = (long)e.Sector;
        NrSectorsValues[i] = e.NrSectors;
        StatusPresent[i] = e.Status.HasValue;
        StatusValues[i] = (short)e.Status.GetValueOrDefault();
        HashPresent[i] = e.DataHash.HasValue;
        HashValues[i] = e.DataHash.GetValueOrDefault();

        int start = LayoutOffsets[i];
        if (e.SegLayout is { } layout)
        {
            var bytes = layout.Span;
            EnsureLayoutBytes(start + bytes.Length);
            bytes.CopyTo(LayoutBytes.AsSpan(start));
            LayoutPresent[i] = true;
            LayoutOffsets[i + 1] = start + bytes.Length;
        }
        else
        {
            LayoutPresent[i] = false;
            LayoutOffsets[i + 1] = start;
        }

        Count = i + 1;
    }

    /// <summary>Appends every row of <paramref name="other"/> (which must hold every column).</summary>
    public void AddRange(RingEventBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other.Count; i++)
        {
            Add(other.GetRow(i));
        }
    }

    /// <summary>Grows the loaded columns so that <paramref name="capacity"/> rows fit; keeps the rows.</summary>
    internal void EnsureCapacity(int capacity)
    {
        if (capacity <= _capacity && LayoutOffsets.Length == _capacity + 1)
        {
            return;
        }

        capacity = Math.Max(capacity, _capacity);
        var c = Columns;
        Grow(ref SeqValues, c, TraceColumns.Seq, capacity);
        Grow(ref TsValues, c, TraceColumns.TsNs, capacity);
        Grow(ref KindValues, c, TraceColumns.Kind, capacity);
        Grow(ref QueueValues, c, TraceColumns.Queue, capacity);
        Grow(ref RingIdxValues, c, TraceColumns.RingIdx, capacity);
        Grow(ref IdValues, c, TraceColumns.Id, capacity);
        Grow(ref OpValues, c, TraceColumns.Op, capacity);
        Grow(ref IndirectOpValues, c, TraceColumns.IndirectOp, capacity);
        Grow(ref IndirectOpPresent, c, TraceColumns.IndirectOp, capacity);
        Grow(ref NrSegmentsValues, c, TraceColumns.NrSegments, capacity);
        Grow(ref HandleValues, c, TraceColumns.Handle, capacity);
        Grow(ref SectorValues, c, TraceColumns.Sector, capacity);
        Grow(ref NrSectorsValues, c, TraceColumns.NrSectors, capacity);
        Grow(ref LayoutPresent, c, TraceColumns.SegLayout, capacity);
        Grow(ref StatusValues, c, TraceColumns.Status, capacity);
        Grow(ref StatusPresent, c, TraceColumns.Status, capacity);
        Grow(ref HashValues, c, TraceColumns.DataHash, capacity);
        Grow(ref HashPresent, c, TraceColumns.DataHash, capacity);
        Array.Resize(ref LayoutOffsets, capacity + 1);
        _capacity = capacity;
    }

    /// <summary>Grows the layout buffer so that <paramref name="bytes"/> fit; keeps the contents.</summary>
    internal void EnsureLayoutBytes(int bytes)
    {
        if (bytes > LayoutBytes.Length)
        {
            Array.Resize(ref LayoutBytes, Math.Max(bytes, Math.Max(256, LayoutBytes.Length * 2)));
        }
    }

    private static void Grow<T>(ref T[] values, TraceColumns loaded, TraceColumns column, int capacity)
    {
        if ((loaded & column) != 0 && values.Length < capacity)
        {
            Array.Resize(ref values, capacity);
        }
    }

    private static bool Has(TraceColumns set, TraceColumns column) => (set & column) != 0;

    private ReadOnlySpan<T> Span<T>(T[] values, TraceColumns column) =>
        (Columns & column) != 0 ? values.AsSpan(0, Count) : [];
}
