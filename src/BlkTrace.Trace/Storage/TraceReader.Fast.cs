using System.Runtime.InteropServices;
using BlkTrace.Trace.Storage.Columnar;
using Parquet;
using Parquet.Schema;

namespace BlkTrace.Trace.Storage;

/// <summary>The fast read path: our own column decoder, with Parquet.Net as the fallback.</summary>
public sealed partial class TraceReader
{
    /// <summary>
    /// The <see cref="AppContext"/> switch that turns the fast column decoder off (every column is
    /// then decoded by Parquet.Net), so a benchmark can compare the two in one run.
    /// </summary>
    public const string ParquetNetOnlySwitch = "BlkTrace.Trace.Storage.ParquetNetOnly";

    private readonly bool _fast = !(AppContext.TryGetSwitch(ParquetNetOnlySwitch, out bool off) && off);
    private readonly ColumnChunkDecoder _decoder = new();
    private int[] _narrow = [];

    /// <summary>Column chunks decoded by the fast decoder so far (tests check it is really used).</summary>
    internal long FastChunks { get; private set; }

    /// <summary>Column chunks handed to Parquet.Net so far.</summary>
    internal long FallbackChunks { get; private set; }

    /// <summary>
    /// Decodes one INT32/INT64 column chunk with <see cref="ColumnChunkDecoder"/> into
    /// <paramref name="values"/> (and <paramref name="present"/> for a column v1 declares optional).
    /// False when the chunk uses something the decoder does not handle: the caller then reads it
    /// with Parquet.Net. A null in a column v1 declares required is an <see cref="InvalidDataException"/>.
    /// </summary>
    private bool TryFast<T>(ParquetRowGroupReader rg, DataField field, T[] values, bool[]? present, int n)
        where T : struct
    {
        var meta = rg.GetMetadata(field)?.MetaData;
        if (!_fast || meta is null)
        {
            FallbackChunks++;
            return false;
        }

        int codec = (int)meta.Codec;
        int physical = (int)meta.Type;
        int size = Marshal.SizeOf<T>();
        bool wide = physical == ParquetCodes.TypeInt64;
        if (!ColumnChunkDecoder.Handles(codec, physical) || wide != (size == 8))
        {
            FallbackChunks++;
            return false;
        }

        long start = meta.DictionaryPageOffset is > 0 and var d ? Math.Min(d, meta.DataPageOffset) : meta.DataPageOffset;
        var span = values.AsSpan(0, n);
        bool direct = size is 8 or 4;
        Span<long> longs = wide ? MemoryMarshal.Cast<T, long>(span) : [];
        Span<int> ints = [];
        if (!wide)
        {
            if (direct)
            {
                ints = MemoryMarshal.Cast<T, int>(span);
            }
            else
            {
                if (_narrow.Length < n)
                {
                    _narrow = new int[n];
                }

                ints = _narrow.AsSpan(0, n);
            }
        }

        int packed;
        try
        {
            packed = _decoder.Decode(_stream!, start, meta.TotalCompressedSize, codec, physical, field.IsNullable, n, longs, ints);
        }
        catch (NotSupportedException)
        {
            FallbackChunks++;
            return false;
        }

        FastChunks++;

        if (field.IsNullable && present is null && packed != n)
        {
            throw new InvalidDataException($"column '{field.Name}' has nulls, which trace v{TraceSchema.Version} does not allow");
        }

        if (direct && (!field.IsNullable || packed == n))
        {
            present?.AsSpan(0, n).Fill(true);
            return true;
        }

        if (direct)
        {
            Spread(span, _decoder.Levels(n), present!, packed);
        }
        else if (size == 2)
        {
            Narrow(MemoryMarshal.Cast<T, short>(span), ints, field.IsNullable ? _decoder.Levels(n) : [], present, packed);
        }
        else
        {
            Narrow(MemoryMarshal.Cast<T, sbyte>(span), ints, field.IsNullable ? _decoder.Levels(n) : [], present, packed);
        }

        return true;
    }

    /// <summary>Moves packed values to their rows, backwards so none is overwritten before it moves.</summary>
    private static void Spread<T>(Span<T> values, ReadOnlySpan<int> levels, bool[] present, int packed)
        where T : struct
    {
        int k = packed;
        for (int i = values.Length - 1; i >= 0; i--)
        {
            if (levels[i] != 0)
            {
                values[i] = values[--k];
                present[i] = true;
            }
            else
            {
                values[i] = default;
                present[i] = false;
            }
        }
    }

    /// <summary>Narrows int32 values to the column's type (the bit pattern's low bits, as Parquet.Net does), spreading nulls.</summary>
    private static void Narrow<TNarrow>(Span<TNarrow> destination, ReadOnlySpan<int> packedValues, ReadOnlySpan<int> levels, bool[]? present, int packed)
        where TNarrow : struct
    {
        bool isShort = typeof(TNarrow) == typeof(short);
        var shorts = isShort ? MemoryMarshal.Cast<TNarrow, short>(destination) : [];
        var bytes = isShort ? [] : MemoryMarshal.Cast<TNarrow, sbyte>(destination);
        if (levels.IsEmpty || packed == destination.Length)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                if (isShort)
                {
                    shorts[i] = (short)packedValues[i];
                }
                else
                {
                    bytes[i] = (sbyte)packedValues[i];
                }
            }

            present?.AsSpan(0, destination.Length).Fill(true);
            return;
        }

        int k = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            bool has = levels[i] != 0;
            int v = has ? packedValues[k++] : 0;
            if (isShort)
            {
                shorts[i] = (short)v;
            }
            else
            {
                bytes[i] = (sbyte)v;
            }

            present![i] = has;
        }
    }
}
