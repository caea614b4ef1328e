namespace BlkTrace.Analysis.Durability;

/// <summary>
/// SplitMix64: a tiny seeded generator whose output is fixed by its definition (unlike
/// <see cref="Random"/>'s, which may change between runtimes), so exploration is reproducible anywhere.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, bound) (bound ≥ 1), by multiply-shift.</summary>
    public long NextBelow(long bound) => (long)(((UInt128)Next() * (ulong)bound) >> 64);

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
