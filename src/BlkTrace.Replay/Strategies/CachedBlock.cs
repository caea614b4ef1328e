using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// The block a cache-replay frontend keeps a copy of and rewrites as a 1-segment WRITE_BARRIER to
/// force a cache flush (Solaris xdf: block 156, read at connect). With <see cref="Refresh"/> on, every
/// guest write that covers it refreshes the copy when it is issued, as xdf does, so a replay never
/// puts old data back; with it off the copy goes stale and each flush reverts the block (the hazard).
/// </summary>
public sealed class CachedBlock
{
    private readonly long[] _generations;

    /// <summary>A block of <paramref name="sectors"/> sectors at <paramref name="sector"/>.</summary>
    public CachedBlock(ulong sector, int sectors, bool refresh, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sectors, 1);
        Sector = sector;
        Sectors = sectors;
        Refresh = refresh;
        Seed = seed;
        Bytes = new byte[sectors * BlkifConstants.SectorSize];
        _generations = new long[sectors];
    }

    /// <summary>First sector.</summary>
    public ulong Sector { get; }

    /// <summary>Length in 512-byte sectors (one logical sector of the disk).</summary>
    public int Sectors { get; }

    /// <summary>True when guest writes refresh the copy.</summary>
    public bool Refresh { get; }

    /// <summary>The replay seed the stamps carry.</summary>
    public ulong Seed { get; }

    /// <summary>The cached bytes, as a barrier will write them.</summary>
    public byte[] Bytes { get; }

    /// <summary>The oldest generation among the cached sectors (0: as read at connect, never refreshed).</summary>
    public long Generation => _generations.Min();

    /// <summary>Guest writes that refreshed the copy.</summary>
    public long Refreshes { get; private set; }

    /// <summary>Picks the block: <paramref name="preferred"/> (156) rounded down to a logical sector, inside the disk.</summary>
    public static CachedBlock For(ulong diskSectors, int sectorSize, ulong preferred, bool refresh, ulong seed)
    {
        int sectors = Math.Max(1, sectorSize / BlkifConstants.SectorSize);
        ulong last = diskSectors >= (ulong)sectors ? diskSectors - (ulong)sectors : 0;
        ulong sector = Math.Min(preferred, last);
        sector -= sector % (ulong)sectors;
        return new CachedBlock(sector, sectors, refresh, seed);
    }

    /// <summary>Takes the bytes read at connect (the generation is whatever stamp they hold, 0 if none).</summary>
    public void Load(ReadOnlySpan<byte> data)
    {
        data[..Bytes.Length].CopyTo(Bytes);
        for (int s = 0; s < Sectors; s++)
        {
            var check = DataStamp.Check(Bytes.AsSpan(s * BlkifConstants.SectorSize, BlkifConstants.SectorSize), Sector + (ulong)s, Seed, out ulong generation);
            _generations[s] = check == StampCheck.Ok ? (long)generation : 0;
        }
    }

    /// <summary>Refreshes the sectors <paramref name="intent"/> covers, when <see cref="Refresh"/> is on.</summary>
    public void OnWriteIssued(in ReplayIntent intent)
    {
        if (!Refresh || !intent.IsWrite || intent.Sector >= Sector + (ulong)Sectors || intent.Sector + (ulong)intent.Sectors <= Sector)
        {
            return;
        }

        for (int s = 0; s < Sectors; s++)
        {
            ulong sector = Sector + (ulong)s;
            if (intent.Covers(sector))
            {
                DataStamp.FillSector(Bytes.AsSpan(s * BlkifConstants.SectorSize, BlkifConstants.SectorSize), sector, (ulong)intent.Generation, Seed);
                _generations[s] = intent.Generation;
            }
        }

        Refreshes++;
    }
}
