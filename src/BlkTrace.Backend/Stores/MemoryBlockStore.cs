namespace BlkTrace.Backend.Stores;

/// <summary>
/// <c>mem:SIZE[,cache][,destage-seed=N]</c>: a sparse disk in memory.
/// <para>
/// Without <c>cache</c> every completed write is durable at once. With it the store models a
/// volatile write cache: a write lands in the cache (reads see it at once) and becomes durable only
/// when a flush covers it (FLUSH_DISKCACHE, or a barrier the profile turns into a flush) or when
/// seeded background destaging drains the oldest cached writes at random points, as a disk's cache
/// does on its own. Destaging is first-in first-out, so the durable image never holds older data
/// than a newer durable write put there. The store keeps the durable image, the cache, a write log in
/// completion order and a flush log, for crash-state exploration (Analysis) and data checks (Replay).
/// </para>
/// </summary>
public sealed class MemoryBlockStore : IBlockStore
{
    private readonly Lock _lock = new();
    private readonly MemoryImage _current;
    private readonly MemoryImage? _durable;
    private readonly List<MemoryWriteRecord> _cache = [];
    private readonly List<MemoryWriteRecord> _log = [];
    private readonly List<MemoryFlushRecord> _flushes = [];
    private readonly Random? _destage;
    private readonly double _destageProbability;
    private long _sequence;

    /// <summary>A memory disk of <paramref name="sectors"/> sectors, with or without a write cache.</summary>
    /// <param name="sectors">Size in 512-byte sectors.</param>
    /// <param name="writeCache">Model a volatile write cache.</param>
    /// <param name="destageSeed">Seed of background destaging; null turns destaging off.</param>
    /// <param name="destageProbability">Chance, after each write, that the oldest cached writes are destaged.</param>
    public MemoryBlockStore(ulong sectors, bool writeCache = false, int? destageSeed = null, double destageProbability = 0.05)
    {
        Sectors = sectors;
        _current = new MemoryImage(sectors);
        HasVolatileCache = writeCache;
        if (writeCache)
        {
            _durable = new MemoryImage(sectors);
            if (destageSeed is { } seed)
            {
                _destage = new Random(seed);
                _destageProbability = destageProbability;
            }
        }

        Description = "mem:" + (sectors * 512).ToString(System.Globalization.CultureInfo.InvariantCulture) + (writeCache ? ",cache" : string.Empty) +
            (destageSeed is { } s ? ",destage-seed=" + s.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
    }

    /// <inheritdoc />
    public string Kind => "mem";

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ulong Sectors { get; }

    /// <inheritdoc />
    public bool HasVolatileCache { get; }

    /// <inheritdoc />
    public bool SupportsDiscard => true;

    /// <inheritdoc />
    public bool CompletesInline => true;

    /// <inheritdoc />
    public StoreCounters Counters { get; } = new();

    /// <summary>Writes in the cache that are not durable yet.</summary>
    public int CachedWrites
    {
        get
        {
            lock (_lock)
            {
                return _cache.Count;
            }
        }
    }

    /// <summary>Every write and discard accepted so far, in completion order (empty without a cache).</summary>
    public IReadOnlyList<MemoryWriteRecord> WriteLog
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Every flush so far (empty without a cache).</summary>
    public IReadOnlyList<MemoryFlushRecord> FlushLog
    {
        get
        {
            lock (_lock)
            {
                return [.. _flushes];
            }
        }
    }

    /// <inheritdoc />
    public void Read(ulong offset, Span<byte> destination)
    {
        lock (_lock)
        {
            _current.Read(offset, destination);
        }

        Counters.CountRead(destination.Length);
    }

    /// <inheritdoc />
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        lock (_lock)
        {
            _current.Write(offset, source);
            if (_durable is not null)
            {
                Remember(new MemoryWriteRecord(_sequence++, offset, source.Length, source.ToArray()));
            }
        }

        Counters.CountWrite(source.Length);
    }

    /// <inheritdoc />
    public void Discard(ulong offset, ulong length)
    {
        lock (_lock)
        {
            _current.Zero(offset, length);
            if (_durable is not null)
            {
                Remember(new MemoryWriteRecord(_sequence++, offset, checked((int)length), null));
            }
        }

        Counters.CountDiscard();
    }

    /// <inheritdoc />
    public void Flush()
    {
        lock (_lock)
        {
            if (_durable is not null)
            {
                long epoch = _flushes.Count;
                foreach (var w in _cache)
                {
                    Apply(w);
                    w.FlushEpoch = epoch;
                }

                _flushes.Add(new MemoryFlushRecord(epoch, _sequence, _cache.Count));
                _cache.Clear();
            }
        }

        Counters.CountFlush();
    }

    /// <summary>A copy of what survives a crash now: the durable image.</summary>
    public MemoryImage DurableSnapshot()
    {
        lock (_lock)
        {
            return (_durable ?? _current).Clone();
        }
    }

    /// <summary>A copy of what reads see now (durable image with the cache on top).</summary>
    public MemoryImage CurrentSnapshot()
    {
        lock (_lock)
        {
            return _current.Clone();
        }
    }

    /// <summary>The writes still only in the cache, oldest first.</summary>
    public IReadOnlyList<MemoryWriteRecord> CacheSnapshot()
    {
        lock (_lock)
        {
            return [.. _cache];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Remember(MemoryWriteRecord record)
    {
        _log.Add(record);
        _cache.Add(record);
        if (_destage is not null && _destage.NextDouble() < _destageProbability)
        {
            // A disk drains its cache in the background, oldest first; how much goes is seeded.
            int n = 1 + _destage.Next(_cache.Count);
            for (int i = 0; i < n; i++)
            {
                Apply(_cache[i]);
                _cache[i].DestagedBefore = _sequence;
            }

            _cache.RemoveRange(0, n);
        }
    }

    private void Apply(MemoryWriteRecord w)
    {
        if (w.Data is null)
        {
            _durable!.Zero(w.Offset, (ulong)w.Length);
        }
        else
        {
            _durable!.Write(w.Offset, w.Data);
        }
    }
}
