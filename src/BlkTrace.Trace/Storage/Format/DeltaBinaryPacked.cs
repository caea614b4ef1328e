namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// DELTA_BINARY_PACKED: blocks of 128 deltas in 4 miniblocks of 32, each miniblock bit-packed at
/// its own width above the block's minimum delta. INT32 columns use 32-bit wrapping arithmetic
/// (as the format says and every reader assumes); INT64 columns 64-bit wrapping arithmetic, so a
/// uint64 bit pattern round-trips too. Scratch arrays are the instance's: nothing is allocated.
/// </summary>
internal sealed class DeltaBinaryPacked
{
    private const int BlockSize = 128;
    private const int MiniBlocks = 4;
    private const int MiniBlockSize = BlockSize / MiniBlocks;

    private readonly long[] _deltas = new long[BlockSize];
    private readonly ulong[] _packed = new ulong[BlockSize];
    private readonly int[] _widths = new int[MiniBlocks];

    public void Encode(ReadOnlySpan<long> values, ByteSink sink)
    {
        Header(values.Length, values.IsEmpty ? 0 : values[0], sink);
        long prev = values.IsEmpty ? 0 : values[0];
        for (int i = 1; i < values.Length; i += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - i);
            long min = long.MaxValue;
            for (int j = 0; j < count; j++)
            {
                long v = values[i + j];
                long d = unchecked(v - prev);
                prev = v;
                _deltas[j] = d;
                min = Math.Min(min, d);
            }

            for (int j = 0; j < count; j++)
            {
                _packed[j] = unchecked((ulong)(_deltas[j] - min));
            }

            Block(count, min, sink);
        }
    }

    public void Encode(ReadOnlySpan<int> values, ByteSink sink)
    {
        Header(values.Length, values.IsEmpty ? 0 : values[0], sink);
        int prev = values.IsEmpty ? 0 : values[0];
        for (int i = 1; i < values.Length; i += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - i);
            int min = int.MaxValue;
            for (int j = 0; j < count; j++)
            {
                int v = values[i + j];
                int d = unchecked(v - prev);
                prev = v;
                _deltas[j] = d;
                min = Math.Min(min, d);
            }

            for (int j = 0; j < count; j++)
            {
                _packed[j] = unchecked((uint)((int)_deltas[j] - min));
            }

            Block(count, min, sink);
        }
    }

    private static void Header(int count, long first, ByteSink sink)
    {
        sink.WriteVarint(BlockSize);
        sink.WriteVarint(MiniBlocks);
        sink.WriteVarint((ulong)count);
        sink.WriteZigZag(first);
    }

    /// <summary>One block: min delta, four widths (unused miniblocks 0 and omitted), the miniblocks padded to 32 values.</summary>
    private void Block(int count, long min, ByteSink sink)
    {
        sink.WriteZigZag(min);
        int used = (count + MiniBlockSize - 1) / MiniBlockSize;
        _packed.AsSpan(count, (used * MiniBlockSize) - count).Clear();
        for (int m = 0; m < MiniBlocks; m++)
        {
            ulong or = 0;
            if (m < used)
            {
                foreach (ulong u in _packed.AsSpan(m * MiniBlockSize, MiniBlockSize))
                {
                    or |= u;
                }
            }

            _widths[m] = BitPacker.Width(or);
            sink.WriteByte((byte)_widths[m]);
        }

        for (int m = 0; m < used; m++)
        {
            BitPacker.Pack(_packed.AsSpan(m * MiniBlockSize, MiniBlockSize), _widths[m], sink);
        }
    }
}
