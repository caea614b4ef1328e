using System.Numerics;
using System.Runtime.InteropServices;
using ZstdSharp;

namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// Encodes schema v1 row groups straight into a segment file: "PAR1", one data page (v1) per column
/// per row group, then the footer. It replaces Parquet.Net on the write path because the general
/// library cost about 600 ns and ~120 B per event; this one reuses every buffer (scratch arrays
/// sized to the row group, one Zstd compressor), so in steady state an event costs no allocation.
/// </summary>
/// <remarks>
/// Encodings (<see cref="DefaultEncodings"/>): DELTA_BINARY_PACKED for integer columns whose values
/// move in small steps, PLAIN where deltas do not help (<c>sector</c>, whose response rows hold 0;
/// <c>data_hash</c>), definition levels as the RLE/bit-packed hybrid. Each page is Zstd-compressed
/// unless that does not make it smaller, in which case the chunk is stored uncompressed.
/// Not thread-safe; one writer thread owns it.
/// </remarks>
internal sealed class ParquetSegmentEncoder : IDisposable
{
    /// <summary>The value encoding of each column, in schema order.</summary>
    public static readonly int[] DefaultEncodings =
    [
        ParquetCodes.EncodingDeltaBinaryPacked, // seq
        ParquetCodes.EncodingDeltaBinaryPacked, // ts_ns
        ParquetCodes.EncodingPlain, // kind
        ParquetCodes.EncodingDeltaBinaryPacked, // queue
        ParquetCodes.EncodingDeltaBinaryPacked, // ring_idx
        ParquetCodes.EncodingDeltaBinaryPacked, // id
        ParquetCodes.EncodingPlain, // op
        ParquetCodes.EncodingPlain, // indirect_op
        ParquetCodes.EncodingDeltaBinaryPacked, // nr_segments
        ParquetCodes.EncodingDeltaBinaryPacked, // handle
        ParquetCodes.EncodingPlain, // sector
        ParquetCodes.EncodingDeltaBinaryPacked, // nr_sectors
        ParquetCodes.EncodingPlain, // seg_layout
        ParquetCodes.EncodingDeltaBinaryPacked, // status
        ParquetCodes.EncodingPlain, // data_hash
    ];

    /// <summary>
    /// Columns tried as RLE_DICTIONARY first (used when a chunk has at most
    /// <see cref="DictionaryBuilder.MaxEntries"/> distinct values, else the encoding above).
    /// </summary>
    public static readonly bool[] DefaultDictionary =
    [
        false, false, true, true, false, true, true, true, true, true, false, true, false, true, false,
    ];

    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly int[] _encodings;
    private readonly bool[] _dictionaryColumns;
    private readonly DictionaryBuilder _dictionary = new();
    private readonly ByteSink _dictionaryPage = new(DictionaryBuilder.MaxEntries * 8);
    private readonly Compressor _zstd;
    private readonly ByteSink _page;
    private readonly ByteSink _header = new(256);
    private readonly ThriftCompactWriter _thrift;
    private readonly DeltaBinaryPacked _delta = new();
    private readonly RleHybrid _rle = new();
    private readonly List<ColumnChunkInfo[]> _rowGroups = [];
    private readonly List<int> _rowGroupRows = [];
    private byte[] _compressed = [];
    private readonly byte[] _compressedDictionary = new byte[Compressor.GetCompressBound(DictionaryBuilder.MaxEntries * 8)];
    private int[] _ints = [];
    private long[] _longs = [];
    private int[] _levels = [];
    private ColumnChunkInfo[] _chunks = [];
    private Stream? _stream;
    private long _position;
    private int _current;

    public ParquetSegmentEncoder(int rowGroupRows, int zstdLevel = 1, int[]? encodings = null, bool[]? dictionary = null)
    {
        _encodings = encodings ?? DefaultEncodings;
        _dictionaryColumns = dictionary ?? DefaultDictionary;
        _zstd = new Compressor(zstdLevel);
        // Everything a row group needs is allocated here, not on the first row group: a capture's
        // first seal must not allocate megabytes on the writer thread while the backend runs.
        _page = new ByteSink(Math.Min(rowGroupRows, 1 << 20) * 9);
        _compressed = new byte[Compressor.GetCompressBound(Math.Min(rowGroupRows, 1 << 20) * 9)];
        _thrift = new ThriftCompactWriter(_header);
        _dictionary.Reserve(rowGroupRows);
        Grow(rowGroupRows);
    }

    /// <summary>Bytes written to the current segment so far.</summary>
    public long Position => _position;

    /// <summary>Starts a segment on <paramref name="stream"/> (positioned at 0).</summary>
    public void Begin(Stream stream)
    {
        _stream = stream;
        _position = 0;
        _rowGroups.Clear();
        _rowGroupRows.Clear();
        Emit(Magic);
    }

    /// <summary>Forgets the current segment (its file is being discarded).</summary>
    public void Reset()
    {
        _stream = null;
        _rowGroups.Clear();
        _rowGroupRows.Clear();
    }

    /// <summary>Encodes every row of <paramref name="b"/> (which holds every column) as one row group.</summary>
    public void WriteRowGroup(RingEventBatch b)
    {
        int n = b.Count;
        if (n == 0)
        {
            return;
        }

        Grow(n);
        _chunks = new ColumnChunkInfo[ParquetColumn.V1.Length];
        Int64Column(0, b.SeqValues.AsSpan(0, n), default, n, signed: true);
        Int64Column(1, b.TsValues.AsSpan(0, n), default, n, signed: true);
        Int32Column(2, Widen(b.KindValues.AsSpan(0, n), default), default, n);
        Int32Column(3, Widen(b.QueueValues.AsSpan(0, n), default), default, n);
        Int64Column(4, b.RingIdxValues.AsSpan(0, n), default, n, signed: true);
        Int64Column(5, MemoryMarshal.Cast<ulong, long>(b.IdValues.AsSpan(0, n)), default, n, signed: false);
        Int32Column(6, Widen(b.OpValues.AsSpan(0, n), default), default, n);
        var present = b.IndirectOpPresent.AsSpan(0, n);
        Int32Column(7, Widen(b.IndirectOpValues.AsSpan(0, n), present), present, n);
        Int32Column(8, Widen(b.NrSegmentsValues.AsSpan(0, n), default), default, n);
        Int32Column(9, b.HandleValues.AsSpan(0, n), default, n);
        Int64Column(10, b.SectorValues.AsSpan(0, n), default, n, signed: true);
        Int32Column(11, b.NrSectorsValues.AsSpan(0, n), default, n);
        LayoutColumn(12, b, n);
        present = b.StatusPresent.AsSpan(0, n);
        Int32Column(13, Widen(b.StatusValues.AsSpan(0, n), present), present, n);
        present = b.HashPresent.AsSpan(0, n);
        Int64Column(14, Pack(b.HashValues.AsSpan(0, n), present), present, n, signed: true);
        _rowGroups.Add(_chunks);
        _rowGroupRows.Add(n);
    }

    /// <summary>Writes the footer and the trailing magic; the caller flushes and closes the stream.</summary>
    public void Finish(IReadOnlyDictionary<string, string> keyValues, string createdBy)
    {
        _header.Reset();
        ParquetFooter.Write(_thrift, _rowGroups, _rowGroupRows, keyValues, createdBy);
        int length = _header.Length;
        Emit(_header.Written);
        Span<byte> tail = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(tail, length);
        Magic.CopyTo(tail[4..]);
        Emit(tail);
        _stream = null;
    }

    public void Dispose() => _zstd.Dispose();

    private void Grow(int rows)
    {
        if (_ints.Length < rows)
        {
            _ints = new int[rows];
            _longs = new long[rows];
            _levels = new int[rows];
        }
    }

    /// <summary>The present values of a narrow column, sign-extended into the reused int buffer.</summary>
    private ReadOnlySpan<int> Widen<T>(ReadOnlySpan<T> values, ReadOnlySpan<bool> present)
        where T : struct, IBinaryInteger<T>
    {
        int k = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (present.IsEmpty || present[i])
            {
                _ints[k++] = int.CreateTruncating(values[i]);
            }
        }

        return _ints.AsSpan(0, k);
    }

    private ReadOnlySpan<long> Pack(ReadOnlySpan<long> values, ReadOnlySpan<bool> present)
    {
        int k = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (present[i])
            {
                _longs[k++] = values[i];
            }
        }

        return _longs.AsSpan(0, k);
    }

    private void Levels(ReadOnlySpan<bool> present, int rows)
    {
        if (!ParquetColumn.V1[_current].Nullable)
        {
            return;
        }

        for (int i = 0; i < rows; i++)
        {
            _levels[i] = present.IsEmpty || present[i] ? 1 : 0;
        }

        int at = _page.Length;
        _page.WriteInt32(0);
        _rle.Encode(_levels.AsSpan(0, rows), 1, _page);
        _page.PatchInt32(at, _page.Length - at - 4);
    }

    private void Int32Column(int c, ReadOnlySpan<int> values, ReadOnlySpan<bool> present, int rows)
    {
        _current = c;
        _page.Reset();
        Levels(present, rows);
        int min = int.MaxValue;
        int max = int.MinValue;
        foreach (int v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        int encoding = _encodings[c];
        if (_dictionaryColumns[c] && !values.IsEmpty && _dictionary.TryBuild(values))
        {
            _dictionaryPage.Reset();
            foreach (long e in _dictionary.Entries)
            {
                _dictionaryPage.WriteInt32((int)e);
            }

            encoding = Indices(values.Length);
        }
        else if (encoding == ParquetCodes.EncodingDeltaBinaryPacked)
        {
            _delta.Encode(values, _page);
        }
        else
        {
            _page.Write(MemoryMarshal.AsBytes(values));
        }

        Flush(c, rows, rows - values.Length, !values.IsEmpty, min, max, encoding);
    }

    /// <summary>The data page of a dictionary-encoded chunk: bit width, then the indices as the RLE/bit-packed hybrid.</summary>
    private int Indices(int n)
    {
        int width = Math.Max(1, BitPacker.Width((ulong)(_dictionary.Count - 1)));
        _page.WriteByte((byte)width);
        _rle.Encode(_dictionary.Indices(n), width, _page);
        return ParquetCodes.EncodingRleDictionary;
    }

    private void Int64Column(int c, ReadOnlySpan<long> values, ReadOnlySpan<bool> present, int rows, bool signed)
    {
        _current = c;
        _page.Reset();
        Levels(present, rows);
        long min;
        long max;
        if (signed)
        {
            min = long.MaxValue;
            max = long.MinValue;
            foreach (long v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }
        else
        {
            ulong umin = ulong.MaxValue;
            ulong umax = ulong.MinValue;
            foreach (ulong v in MemoryMarshal.Cast<long, ulong>(values))
            {
                umin = Math.Min(umin, v);
                umax = Math.Max(umax, v);
            }

            min = (long)umin;
            max = (long)umax;
        }

        int encoding = _encodings[c];
        if (_dictionaryColumns[c] && !values.IsEmpty && _dictionary.TryBuild(values))
        {
            _dictionaryPage.Reset();
            foreach (long e in _dictionary.Entries)
            {
                _dictionaryPage.WriteInt64(e);
            }

            encoding = Indices(values.Length);
        }
        else if (encoding == ParquetCodes.EncodingDeltaBinaryPacked)
        {
            _delta.Encode(values, _page);
        }
        else
        {
            _page.Write(MemoryMarshal.AsBytes(values));
        }

        Flush(c, rows, rows - values.Length, !values.IsEmpty, min, max, encoding);
    }

    private void LayoutColumn(int c, RingEventBatch b, int rows)
    {
        _current = c;
        _page.Reset();
        var present = b.LayoutPresent.AsSpan(0, rows);
        Levels(present, rows);
        int nulls = 0;
        for (int i = 0; i < rows; i++)
        {
            if (!present[i])
            {
                nulls++;
                continue;
            }

            int start = b.LayoutOffsets[i];
            int length = b.LayoutOffsets[i + 1] - start;
            _page.WriteInt32(length);
            _page.Write(b.LayoutBytes.AsSpan(start, length));
        }

        Flush(c, rows, nulls, hasMinMax: false, 0, 0, _encodings[c]);
    }

    /// <summary>
    /// Compresses the page in <see cref="_page"/> (and, for RLE_DICTIONARY, the dictionary page
    /// before it), writes headers and bodies, and records the chunk. Zstd is used for the chunk
    /// unless it does not make the data page smaller.
    /// </summary>
    private void Flush(int c, int rows, int nulls, bool hasMinMax, long min, long max, int encoding)
    {
        var raw = _page.Written;
        int bound = Compressor.GetCompressBound(raw.Length);
        if (_compressed.Length < bound)
        {
            _compressed = new byte[bound];
        }

        int size = _zstd.Wrap(raw, _compressed);
        bool zstd = size < raw.Length;
        ReadOnlySpan<byte> body = zstd ? _compressed.AsSpan(0, size) : raw;

        long offset = _position;
        long uncompressed = 0;
        long compressed = 0;
        long dataOffset = offset;
        bool dictionary = encoding == ParquetCodes.EncodingRleDictionary;
        if (dictionary)
        {
            var dictRaw = _dictionaryPage.Written;
            ReadOnlySpan<byte> dictBody = zstd ? _compressedDictionary.AsSpan(0, _zstd.Wrap(dictRaw, _compressedDictionary)) : dictRaw;
            int h = PageHeader(ParquetCodes.PageDictionary, dictRaw.Length, dictBody.Length, _dictionary.Count, encoding);
            Emit(_header.Written);
            Emit(dictBody);
            uncompressed += h + dictRaw.Length;
            compressed += h + dictBody.Length;
            dataOffset = _position;
        }

        int headerLength = PageHeader(ParquetCodes.PageData, raw.Length, body.Length, rows, encoding);
        Emit(_header.Written);
        Emit(body);
        _chunks[c] = new ColumnChunkInfo
        {
            Encoding = encoding,
            Codec = zstd ? ParquetCodes.CodecZstd : ParquetCodes.CodecUncompressed,
            NumValues = rows,
            NullCount = nulls,
            UncompressedSize = uncompressed + headerLength + raw.Length,
            CompressedSize = compressed + headerLength + body.Length,
            Offset = offset,
            DataOffset = dataOffset,
            HasDictionary = dictionary,
            HasMinMax = hasMinMax,
            Min = min,
            Max = max,
        };
    }

    /// <summary>Writes a page header into <see cref="_header"/> and returns its length.</summary>
    private int PageHeader(int type, int uncompressed, int compressed, int values, int encoding)
    {
        _header.Reset();
        var w = _thrift;
        w.Begin();
        w.I32(1, type);
        w.I32(2, uncompressed);
        w.I32(3, compressed);
        if (type == ParquetCodes.PageDictionary)
        {
            w.BeginStruct(7);
            w.I32(1, values);
            w.I32(2, ParquetCodes.EncodingPlain);
            w.EndStruct();
        }
        else
        {
            w.BeginStruct(5);
            w.I32(1, values);
            w.I32(2, encoding);
            w.I32(3, ParquetCodes.EncodingRle);
            w.I32(4, ParquetCodes.EncodingRle);
            w.EndStruct();
        }

        w.EndStruct();
        return _header.Length;
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _stream!.Write(bytes);
        _position += bytes.Length;
    }
}
