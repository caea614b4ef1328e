using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlkTrace.Trace.Storage.Columnar;

/// <summary>
/// The integer decodings of the Parquet spec the trace columns use: PLAIN (fixed-width little
/// endian), the RLE/bit-packed hybrid (definition levels, dictionary indices) and
/// DELTA_BINARY_PACKED. All decode straight into caller-owned spans; none allocates.
/// </summary>
/// <remarks>
/// Bit-packed values are read eight bytes at a time (one unaligned 64-bit load per value, shifted
/// and masked) while at least eight bytes remain, byte by byte at the tail, so input need not be
/// padded. Widths up to 64 are accepted (a delta block may need all 64). Malformed input (a run
/// past the end, a width over 64, more values than the page declares) is an
/// <see cref="InvalidDataException"/>.
/// </remarks>
internal static class BitUnpacker
{
    /// <summary>Reads value <paramref name="index"/> of width <paramref name="width"/> from a bit-packed run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Get(ReadOnlySpan<byte> data, long index, int width)
    {
        long bit = index * width;
        int at = (int)(bit >> 3);
        int shift = (int)(bit & 7);
        ulong word = at + 8 <= data.Length ? MemoryMarshal.Read<ulong>(data[at..]) : Tail(data, at);
        ulong v = word >> shift;
        if (width + shift > 64)
        {
            int next = at + 8;
            v |= (ulong)(next < data.Length ? data[next] : 0) << (64 - shift);
        }

        return width == 64 ? v : v & ((1UL << width) - 1);
    }

    /// <summary>Unpacks <paramref name="count"/> values of <paramref name="width"/> bits as int32 (widths up to 32).</summary>
    public static void UnpackInt32(ReadOnlySpan<byte> data, int width, Span<int> destination)
    {
        if (width == 0)
        {
            destination.Clear();
            return;
        }

        ulong mask = (1UL << width) - 1;
        int n = destination.Length;
        int i = 0;
        // Fast part: every load is in range.
        long safe = data.Length >= 8 ? Math.Min(n, (((long)data.Length - 8) * 8 / width) + 1) : 0;
        for (; i < safe; i++)
        {
            long bit = (long)i * width;
            ulong word = MemoryMarshal.Read<ulong>(data[(int)(bit >> 3)..]);
            destination[i] = (int)((word >> (int)(bit & 7)) & mask);
        }

        for (; i < n; i++)
        {
            destination[i] = (int)Get(data, i, width);
        }
    }

    /// <summary>
    /// Decodes <paramref name="destination"/>.Length values of the RLE/bit-packed hybrid (no length
    /// prefix) of <paramref name="width"/> bits; returns the bytes consumed.
    /// </summary>
    public static int DecodeHybrid(ReadOnlySpan<byte> data, int width, Span<int> destination)
    {
        if (width is < 0 or > 32)
        {
            throw new InvalidDataException($"RLE bit width {width} is out of range");
        }

        int pos = 0;
        int done = 0;
        int valueBytes = (width + 7) / 8;
        while (done < destination.Length)
        {
            ulong header = ReadUleb(data, ref pos);
            if ((header & 1) == 0)
            {
                long run = (long)(header >> 1);
                if (valueBytes > data.Length - pos)
                {
                    throw new InvalidDataException("RLE run value runs past the end of the page");
                }

                int value = 0;
                for (int b = 0; b < valueBytes; b++)
                {
                    value |= data[pos + b] << (8 * b);
                }

                pos += valueBytes;
                int take = (int)Math.Min(run, destination.Length - done);
                if (run == 0)
                {
                    throw new InvalidDataException("RLE run of length 0");
                }

                destination.Slice(done, take).Fill(value);
                done += take;
            }
            else
            {
                long groups = (long)(header >> 1);
                long bytes = groups * width;
                if (groups == 0 || bytes > data.Length - pos)
                {
                    // Writers may end the last run early when the page's values end; take what is there.
                    bytes = Math.Min(bytes, data.Length - pos);
                    if (bytes <= 0)
                    {
                        throw new InvalidDataException("bit-packed run runs past the end of the page");
                    }
                }

                int take = (int)Math.Min(groups * 8, destination.Length - done);
                take = (int)Math.Min(take, width == 0 ? take : bytes * 8 / width);
                if (take <= 0)
                {
                    throw new InvalidDataException("bit-packed run runs past the end of the page");
                }

                // The rest of the page, not just this run: whole-word reads almost everywhere.
                UnpackInt32(data[pos..], width, destination.Slice(done, take));
                pos += (int)bytes;
                done += take;
            }
        }

        return pos;
    }

    /// <summary>PLAIN int32 values.</summary>
    public static void PlainInt32(ReadOnlySpan<byte> data, Span<int> destination)
    {
        long need = (long)destination.Length * 4;
        if (need > data.Length)
        {
            throw new InvalidDataException($"PLAIN page holds {data.Length} bytes for {destination.Length} int32 values");
        }

        MemoryMarshal.Cast<byte, int>(data[..(int)need]).CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(destination, destination);
        }
    }

    /// <summary>PLAIN int64 values.</summary>
    public static void PlainInt64(ReadOnlySpan<byte> data, Span<long> destination)
    {
        long need = (long)destination.Length * 8;
        if (need > data.Length)
        {
            throw new InvalidDataException($"PLAIN page holds {data.Length} bytes for {destination.Length} int64 values");
        }

        MemoryMarshal.Cast<byte, long>(data[..(int)need]).CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(destination, destination);
        }
    }

    /// <summary>An unsigned LEB128 varint.</summary>
    public static ulong ReadUleb(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new InvalidDataException("varint runs past the end of the page");
            }

            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    private static ulong Tail(ReadOnlySpan<byte> data, int at)
    {
        ulong word = 0;
        for (int b = 0; b < 8 && at + b < data.Length; b++)
        {
            word |= (ulong)data[at + b] << (8 * b);
        }

        return word;
    }
}
