using System.Runtime.InteropServices;

namespace BlkTrace.Trace.Storage.Columnar;

/// <summary>
/// DELTA_BINARY_PACKED (parquet-format Encodings.md): a header (block size, miniblocks per block,
/// value count, first value), then blocks of (min delta, one bit width per miniblock, bit-packed
/// miniblocks). Arithmetic wraps in 64 bits; an int32 column's values are the low 32 bits, which is
/// what wrapping in 32 bits gives.
/// </summary>
internal static class DeltaBinaryPacked
{
    private const int MaxBlockSize = 1 << 16;

    /// <summary>Decodes exactly <paramref name="destination"/>.Length values.</summary>
    public static void Decode(ReadOnlySpan<byte> data, Span<long> destination)
    {
        int pos = 0;
        ulong blockSize = BitUnpacker.ReadUleb(data, ref pos);
        ulong miniblocks = BitUnpacker.ReadUleb(data, ref pos);
        ulong total = BitUnpacker.ReadUleb(data, ref pos);
        long value = ZigZag(BitUnpacker.ReadUleb(data, ref pos));
        if (blockSize == 0 || blockSize > MaxBlockSize || blockSize % 128 != 0 || miniblocks == 0 ||
            blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED header is invalid (block {blockSize}, {miniblocks} miniblocks)");
        }

        int n = destination.Length;
        if (total < (ulong)n)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED page holds {total} values, {n} expected");
        }

        if (n == 0)
        {
            return;
        }

        int perMini = (int)(blockSize / miniblocks);
        int minis = (int)miniblocks;
        destination[0] = value;
        int done = 1;
        while (done < n)
        {
            long minDelta = ZigZag(BitUnpacker.ReadUleb(data, ref pos));
            if (minis > data.Length - pos)
            {
                throw new InvalidDataException("DELTA_BINARY_PACKED block runs past the end of the page");
            }

            var widths = data.Slice(pos, minis);
            pos += minis;
            for (int m = 0; m < minis && done < n; m++)
            {
                int width = widths[m];
                if (width > 64)
                {
                    throw new InvalidDataException($"DELTA_BINARY_PACKED miniblock bit width {width}");
                }

                int bytes = perMini * width / 8;
                int take = Math.Min(perMini, n - done);
                // The last miniblock may be cut short by a writer that stops at the last value.
                var packed = data.Slice(pos, Math.Min(bytes, data.Length - pos));
                if ((long)take * width > (long)packed.Length * 8)
                {
                    throw new InvalidDataException("DELTA_BINARY_PACKED miniblock runs past the end of the page");
                }

                var dst = destination.Slice(done, take);
                // Hand over everything to the page's end, not just this miniblock: the unpacker then
                // reads whole 64-bit words almost everywhere (bits past the miniblock are masked off).
                Unpack(data[pos..], width, minDelta, ref value, dst);
                pos += packed.Length;
                done += take;
            }
        }
    }

    private static void Unpack(ReadOnlySpan<byte> packed, int width, long minDelta, ref long value, Span<long> dst)
    {
        long v = value;
        if (width == 0)
        {
            for (int i = 0; i < dst.Length; i++)
            {
                v += minDelta;
                dst[i] = v;
            }
        }
        else if (width <= 56)
        {
            ulong mask = (1UL << width) - 1;
            long safe = packed.Length >= 8 ? Math.Min(dst.Length, (((long)packed.Length - 8) * 8 / width) + 1) : 0;
            int i = 0;
            for (; i < safe; i++)
            {
                long bit = (long)i * width;
                ulong word = MemoryMarshal.Read<ulong>(packed[(int)(bit >> 3)..]);
                v += minDelta + (long)((word >> (int)(bit & 7)) & mask);
                dst[i] = v;
            }

            for (; i < dst.Length; i++)
            {
                v += minDelta + (long)BitUnpacker.Get(packed, i, width);
                dst[i] = v;
            }
        }
        else
        {
            for (int i = 0; i < dst.Length; i++)
            {
                v += minDelta + (long)BitUnpacker.Get(packed, i, width);
                dst[i] = v;
            }
        }

        value = v;
    }

    private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
