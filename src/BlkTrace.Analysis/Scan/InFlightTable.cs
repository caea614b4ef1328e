namespace BlkTrace.Analysis.Scan;

/// <summary>
/// Outstanding requests keyed by (queue, id): an open-addressing hash (linear probing, backward-shift
/// deletion, so no tombstones) over a slab of entries. Memory follows the number in flight, never the
/// trace's length. A request whose id is already in flight on its ring is chained behind the older one,
/// and responses take the oldest first (FIFO), so a reused id still pairs every response.
/// </summary>
internal sealed class InFlightTable
{
    private int[] _slots = new int[1024]; // slab index + 1; 0 is empty
    private int _mask = 1023;
    private int _used;
    private InFlightEntry[] _entries = new InFlightEntry[256];
    private int[] _free = new int[256];
    private int _freeCount;
    private int _highWater;
    private long _serial;

    /// <summary>Requests in flight (chained duplicates included).</summary>
    public int Count { get; private set; }

    /// <summary>The slab (entries with <see cref="InFlightEntry.Live"/> are in flight).</summary>
    public InFlightEntry[] Entries => _entries;

    /// <summary>Slab entries ever used (a scan of live entries stops here).</summary>
    public int HighWater => _highWater;

    /// <summary>
    /// Adds a request; returns its slab index. <paramref name="duplicateOf"/> is the slab index of the
    /// newest request already in flight with the same key, or -1.
    /// </summary>
    public int Add(short queue, ulong id, out int duplicateOf)
    {
        int index = Allocate();
        ref var e = ref _entries[index];
        e.Queue = queue;
        e.Id = id;
        e.Live = true;
        e.NextDuplicate = -1;
        e.Serial = ++_serial;
        Count++;

        int slot = Home(queue, id);
        while (true)
        {
            int s = _slots[slot];
            if (s == 0)
            {
                _slots[slot] = index + 1;
                duplicateOf = -1;
                if (++_used * 2 > _slots.Length)
                {
                    Grow();
                }

                return index;
            }

            ref var other = ref _entries[s - 1];
            if (other.Id == id && other.Queue == queue)
            {
                int tail = s - 1;
                while (_entries[tail].NextDuplicate >= 0)
                {
                    tail = _entries[tail].NextDuplicate;
                }

                _entries[tail].NextDuplicate = index;
                duplicateOf = tail;
                return index;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Removes the oldest request in flight with this key; returns its slab index, or -1 when none is.</summary>
    /// <remarks>The entry stays readable until the next <see cref="Add"/>; call <see cref="Release"/> when done with it.</remarks>
    public int Take(short queue, ulong id)
    {
        int slot = Home(queue, id);
        while (true)
        {
            int s = _slots[slot];
            if (s == 0)
            {
                return -1;
            }

            ref var e = ref _entries[s - 1];
            if (e.Id == id && e.Queue == queue)
            {
                if (e.NextDuplicate >= 0)
                {
                    _slots[slot] = e.NextDuplicate + 1;
                }
                else
                {
                    RemoveSlot(slot);
                }

                e.Live = false;
                Count--;
                return s - 1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Returns a taken entry's slab index to the free list.</summary>
    public void Release(int index)
    {
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }

        _free[_freeCount++] = index;
    }

    /// <summary>True when slab entry <paramref name="index"/> is still the request with <paramref name="serial"/> and in flight.</summary>
    public bool IsLive(int index, long serial) => _entries[index].Live && _entries[index].Serial == serial;

    private int Allocate()
    {
        if (_freeCount > 0)
        {
            return _free[--_freeCount];
        }

        if (_highWater == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        return _highWater++;
    }

    private int Home(short queue, ulong id)
    {
        ulong h = (id ^ ((ulong)(ushort)queue << 48)) * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 40) & _mask;
    }

    /// <summary>Backward-shift deletion: pulls later members of the probe run into the hole so lookups never need tombstones.</summary>
    private void RemoveSlot(int hole)
    {
        _used--;
        int j = hole;
        while (true)
        {
            j = (j + 1) & _mask;
            int s = _slots[j];
            if (s == 0)
            {
                break;
            }

            ref var e = ref _entries[s - 1];
            int home = Home(e.Queue, e.Id);
            // Move s into the hole unless its home lies cyclically in (hole, j].
            bool stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!stays)
            {
                _slots[hole] = s;
                hole = j;
            }
        }

        _slots[hole] = 0;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new int[old.Length * 2];
        _mask = _slots.Length - 1;
        foreach (int s in old)
        {
            if (s == 0)
            {
                continue;
            }

            ref var e = ref _entries[s - 1];
            int slot = Home(e.Queue, e.Id);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = s;
        }
    }
}
