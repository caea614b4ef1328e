using System.Numerics;

namespace BlkTrace.Trace.Storage.Format;

/// <summary>
/// Builds the dictionary of a low-cardinality column chunk (kind, op, status, id, …) in one pass:
/// distinct values in first-seen order and each row's index into them. Gives up as soon as the
/// chunk has more than <see cref="MaxEntries"/> distinct values. Open addressing over preallocated
/// arrays: nothing is allocated.
/// </summary>
internal sealed class DictionaryBuilder
{
    public const int MaxEntries = 256;
    private const int Slots = MaxEntries * 4;

    private readonly int[] _slots = new int[Slots];
    private readonly long[] _entries = new long[MaxEntries];
    private int[] _indices = [];

    /// <summary>Distinct values, in first-seen order.</summary>
    public ReadOnlySpan<long> Entries => _entries.AsSpan(0, Count);

    public int Count { get; private set; }

    public ReadOnlySpan<int> Indices(int n) => _indices.AsSpan(0, n);

    /// <summary>Indexes <paramref name="values"/> (int or long columns); false when they hold more distinct values than fit.</summary>
    public bool TryBuild<T>(ReadOnlySpan<T> values)
        where T : struct, IBinaryInteger<T>
    {
        Start(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            int k = Find(long.CreateTruncating(values[i]));
            if (k < 0)
            {
                return false;
            }

            _indices[i] = k;
        }

        return true;
    }

    /// <summary>Sizes the index array for chunks of up to <paramref name="rows"/> rows.</summary>
    public void Reserve(int rows)
    {
        if (_indices.Length < rows)
        {
            _indices = new int[rows];
        }
    }

    private void Start(int n)
    {
        Reserve(n);

        Array.Clear(_slots);
        Count = 0;
    }

    /// <summary>The value's index, added if new; -1 when the dictionary is full.</summary>
    private int Find(long value)
    {
        ulong h = unchecked((ulong)value * 0x9E3779B97F4A7C15UL);
        int slot = (int)(h >> 54) & (Slots - 1);
        while (true)
        {
            int e = _slots[slot];
            if (e == 0)
            {
                if (Count == MaxEntries)
                {
                    return -1;
                }

                _entries[Count] = value;
                _slots[slot] = ++Count;
                return Count - 1;
            }

            if (_entries[e - 1] == value)
            {
                return e - 1;
            }

            slot = (slot + 1) & (Slots - 1);
        }
    }
}
