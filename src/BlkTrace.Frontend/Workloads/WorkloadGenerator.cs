namespace BlkTrace.Frontend.Workloads;

/// <summary>
/// The seeded stream of operations of a workload (same seed and options, same stream). Offsets are
/// aligned to the request size inside the region; sequential kinds wrap around at its end.
/// </summary>
public sealed class WorkloadGenerator
{
    private static readonly int[] FileserverSizes = [4096, 8192, 16384, 32768, 45056];
    private readonly WorkloadOptions _options;
    private readonly ulong _regionSectors;
    private readonly Random _random;
    private ulong _cursor;
    private int _writesSinceFlush;

    /// <summary>A generator over the first <paramref name="regionSectors"/> sectors.</summary>
    /// <param name="options">Options with defaults applied (<see cref="WorkloadOptions.WithDefaults"/>).</param>
    /// <param name="regionSectors">Sectors the workload may touch.</param>
    public WorkloadGenerator(WorkloadOptions options, ulong regionSectors)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BlockSize <= 0 || options.BlockSize % 512 != 0)
        {
            throw new ArgumentException($"block size {options.BlockSize}: must be a positive multiple of 512");
        }

        if (regionSectors < (ulong)(Math.Max(options.BlockSize, FileserverSizes[^1]) / 512))
        {
            throw new ArgumentException($"a region of {regionSectors} sectors is too small for {options.Kind}");
        }

        _options = options;
        _regionSectors = regionSectors;
        _random = new Random(options.Seed);
    }

    /// <summary>The next operation.</summary>
    public WorkloadOp Next()
    {
        if (_options.FlushEvery > 0 && _writesSinceFlush >= _options.FlushEvery)
        {
            _writesSinceFlush = 0;
            return new WorkloadOp(WorkloadOpKind.Flush, 0, 0, _options.Kind == WorkloadKind.Journal);
        }

        bool read = _options.ReadFraction > 0 && _random.NextDouble() < _options.ReadFraction;
        int bytes = _options.Kind == WorkloadKind.Fileserver ? FileserverSizes[_random.Next(FileserverSizes.Length)] : _options.BlockSize;
        int sectors = bytes / 512;
        ulong sector;
        if (_options.Kind is WorkloadKind.Journal or WorkloadKind.Streaming)
        {
            if (_cursor + (ulong)sectors > _regionSectors)
            {
                _cursor = 0;
            }

            sector = _cursor;
            _cursor += (ulong)sectors;
        }
        else
        {
            ulong slots = _regionSectors / (ulong)sectors;
            sector = (ulong)_random.NextInt64((long)slots) * (ulong)sectors;
        }

        if (!read)
        {
            _writesSinceFlush++;
        }

        return new WorkloadOp(read ? WorkloadOpKind.Read : WorkloadOpKind.Write, sector, sectors);
    }
}
