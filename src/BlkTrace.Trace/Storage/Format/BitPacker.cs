using System.Buffers.Binary;

namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// Parquet's bit packing (LSB first, little-endian), used by DELTA_BINARY_PACKED miniblocks and by
/// the bit-packed runs of the RLE/bit-packed hybrid.
/// </summary>
internal static class BitPacker
{
    /// <summary>
    /// Packs <paramref name="values"/> (each below 2^<paramref name="width"/>) at <paramref name="width"/> bits each.
    /// <c>values.Length * width</c> must be a multiple of 8 (callers pad groups to 8 or 32 values).
    /// </summary>
    public static void Pack(ReadOnlySpan<ulong> values, int width, ByteSink sink)
    {
        if (width == 0)
        {
            return;
        }

        var dst = sink.Reserve(values.Length * width / 8);
        int o = 0;
        ulong acc = 0;
        int bits = 0;
        foreach (ulong v in values)
        {
            acc |= v << bits;
            int total = bits + width;
            if (total >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dst[o..], acc);
                o += 8;
                acc = bits == 0 ? 0 : v >> (64 - bits);
                total -= 64;
            }

            bits = total;
        }

        for (; bits > 0; bits -= 8)
        {
            dst[o++] = (byte)acc;
            acc >>= 8;
        }
    }

    /// <summary>Bits needed to hold <paramref name="value"/> as an unsigned number.</summary>
    public static int Width(ulong value) => 64 - System.Numerics.BitOperations.LeadingZeroCount(value);
}
