namespace BlkTrace.Replay.Engine;

/// <summary>
/// Per 512-byte sector: the generation the guest must see (the newest write completed, or
/// <see cref="Unknown"/> after a failed, discarded or ambiguous write) and the newest generation issued.
/// Stored in chunks allocated on first touch, so a sparse workload on a large disk stays small.
/// </summary>
internal sealed class SectorGenerations
{
    /// <summary>Content unknown: no check until the next completed write.</summary>
    public const long Unknown = -1;

    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly Dictionary<ulong, long[]> _completed = [];
    private readonly Dictionary<ulong, long[]> _issued = [];

    /// <summary>The generation a read issued now must see (0: never written by this replay).</summary>
    public long Completed(ulong sector) => _completed.TryGetValue(sector >> ChunkBits, out var c) ? c[(int)(sector & (ChunkSize - 1))] : 0;

    /// <summary>The newest generation issued to the sector.</summary>
    public long Issued(ulong sector) => _issued.TryGetValue(sector >> ChunkBits, out var c) ? c[(int)(sector & (ChunkSize - 1))] : 0;

    /// <summary>A write of <paramref name="generation"/> was put on the ring.</summary>
    public void OnIssued(ulong sector, int sectors, long generation)
    {
        for (int i = 0; i < sectors; i++)
        {
            ref long slot = ref Slot(_issued, sector + (ulong)i);
            slot = Math.Max(slot, generation);
        }
    }

    /// <summary>
    /// A write of <paramref name="generation"/> completed. An older write completing after a newer one
    /// leaves the sector ambiguous (the backend may have applied either last): unknown until the next.
    /// A failed write leaves it unknown too.
    /// </summary>
    public void OnCompleted(ulong sector, int sectors, long generation, bool ok)
    {
        for (int i = 0; i < sectors; i++)
        {
            ref long slot = ref Slot(_completed, sector + (ulong)i);
            slot = ok && generation > slot && slot != Unknown ? generation : ok && slot == Unknown ? generation : Unknown;
        }
    }

    /// <summary>The range's content is no longer defined (a discard).</summary>
    public void Forget(ulong sector, int sectors)
    {
        for (int i = 0; i < sectors; i++)
        {
            Slot(_completed, sector + (ulong)i) = Unknown;
        }
    }

    private static ref long Slot(Dictionary<ulong, long[]> map, ulong sector)
    {
        ulong chunk = sector >> ChunkBits;
        if (!map.TryGetValue(chunk, out var c))
        {
            c = new long[ChunkSize];
            map[chunk] = c;
        }

        return ref c[(int)(sector & (ChunkSize - 1))];
    }
}
