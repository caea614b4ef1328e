namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// Requests queued and not yet completed, keyed by (device, first sector), oldest first within a
/// key. Entries live in one array with a free list, so steady state allocates nothing.
/// </summary>
/// <remarks>
/// A completion is matched in three steps (<see cref="BlktraceImporter"/> drives them):
/// same key, same class and same remaining size (several such: prefer those already issued, take the
/// oldest, and count an ambiguous pair if more than one was possible); else same class and larger
/// (a partial completion: the rest is re-keyed at the next sector); else same class and smaller
/// (a merged request: complete it and continue at the sector after it).
/// </remarks>
internal sealed class OutstandingRequests
{
    private readonly Dictionary<Key, int> _heads = [];
    private Entry[] _entries = new Entry[1024];
    private int _free = -1;
    private int _used;

    public int Count { get; private set; }

    public ref Entry this[int index] => ref _entries[index];

    /// <summary>Adds a request at the tail of its key's chain; returns its index.</summary>
    public int Add(uint device, ulong sector, in Entry value)
    {
        int index = Allocate();
        ref var e = ref _entries[index];
        e = value;
        e.Device = device;
        e.Sector = sector;
        e.Next = -1;
        Link(index);
        Count++;
        return index;
    }

    /// <summary>The first entry of a key's chain, or -1.</summary>
    public int Head(uint device, ulong sector) => _heads.TryGetValue(new Key(device, sector), out int head) ? head : -1;

    /// <summary>Removes an entry (wherever it is in its chain).</summary>
    public void Remove(int index)
    {
        Unlink(index);
        _entries[index].Next = _free;
        _entries[index].InUse = false;
        _free = index;
        Count--;
    }

    /// <summary>Moves an entry to another first sector (the rest of a partially completed request).</summary>
    public void Rekey(int index, ulong sector)
    {
        Unlink(index);
        _entries[index].Sector = sector;
        _entries[index].Next = -1;
        Link(index);
    }

    /// <summary>Indices of every entry still outstanding.</summary>
    public IEnumerable<int> All()
    {
        for (int i = 0; i < _used; i++)
        {
            if (_entries[i].InUse)
            {
                yield return i;
            }
        }
    }

    private int Allocate()
    {
        if (_free >= 0)
        {
            int i = _free;
            _free = _entries[i].Next;
            _entries[i].InUse = true;
            return i;
        }

        if (_used == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_used].InUse = true;
        return _used++;
    }

    private void Link(int index)
    {
        ref var e = ref _entries[index];
        var key = new Key(e.Device, e.Sector);
        if (!_heads.TryGetValue(key, out int head))
        {
            _heads[key] = index;
            return;
        }

        int tail = head;
        while (_entries[tail].Next >= 0)
        {
            tail = _entries[tail].Next;
        }

        _entries[tail].Next = index;
    }

    private void Unlink(int index)
    {
        ref var e = ref _entries[index];
        var key = new Key(e.Device, e.Sector);
        int head = _heads[key];
        if (head == index)
        {
            if (e.Next >= 0)
            {
                _heads[key] = e.Next;
            }
            else
            {
                _heads.Remove(key);
            }

            return;
        }

        int prev = head;
        while (_entries[prev].Next != index)
        {
            prev = _entries[prev].Next;
        }

        _entries[prev].Next = e.Next;
    }

    /// <summary>One outstanding request.</summary>
    internal struct Entry
    {
        public ImportedRequest Request;
        public uint Device;
        public ulong Sector;
        public ulong RemainingBytes;
        public RequestClass Class;
        public bool Issued;
        public bool IssueGuessed;
        public bool InUse;
        public int Next;
    }

    private readonly struct Key(uint device, ulong sector) : IEquatable<Key>
    {
        private readonly ulong _sector = sector;
        private readonly uint _device = device;

        public bool Equals(Key other) => _sector == other._sector && _device == other._device;

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        // Sectors are the entropy; a multiplicative mix spreads aligned ones across buckets.
        public override int GetHashCode() => (int)(((_sector * 0x9E3779B97F4A7C15UL) >> 32) ^ _device);
    }
}
