namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// The RLE/bit-packed hybrid of definition levels and dictionary indices: a run of 8 or more equal
/// values becomes one RLE run; anything else is bit-packed in groups of 8 until the next long run.
/// </summary>
internal sealed class RleHybrid
{
    private readonly ulong[] _group = new ulong[8];

    public void Encode(ReadOnlySpan<int> values, int bitWidth, ByteSink sink)
    {
        int n = values.Length;
        int byteWidth = (bitWidth + 7) / 8;
        int i = 0;
        while (i < n)
        {
            int run = Run(values, i);
            if (run >= 8)
            {
                sink.WriteVarint((ulong)run << 1);
                int v = values[i];
                for (int b = 0; b < byteWidth; b++)
                {
                    sink.WriteByte((byte)(v >> (8 * b)));
                }

                i += run;
                continue;
            }

            int start = i;
            do
            {
                i += 8;
            }
            while (i < n && Run(values, i) < 8);

            int end = Math.Min(i, n);
            int groups = (end - start + 7) / 8;
            sink.WriteVarint(((ulong)groups << 1) | 1);
            for (int g = 0; g < groups; g++)
            {
                for (int k = 0; k < 8; k++)
                {
                    int at = start + (g * 8) + k;
                    _group[k] = at < end ? (uint)values[at] : 0;
                }

                BitPacker.Pack(_group, bitWidth, sink);
            }

            i = end;
        }
    }

    private static int Run(ReadOnlySpan<int> values, int at)
    {
        int v = values[at];
        int end = at + 1;
        while (end < values.Length && values[end] == v)
        {
            end++;
        }

        return end - at;
    }
}
