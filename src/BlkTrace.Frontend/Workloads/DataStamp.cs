using System.Buffers.Binary;

namespace BlkTrace.Frontend.Workloads;

/// <summary>
/// The self-describing content a workload writes into every 512-byte sector, so any read (through
/// the ring, or of the image file afterwards) can say whether the sector holds what was written:
/// bytes 0–7 the magic <c>BLKTSTMP</c>, 8–15 the sector number, 16–23 the write's generation, 24–31
/// the workload seed, 32–511 filler derived from those three (xorshift64), so a torn or misplaced
/// sector cannot pass.
/// </summary>
public static class DataStamp
{
    /// <summary>The magic, little-endian "BLKTSTMP".</summary>
    public const ulong Magic = 0x504D5453544B4C42;

    private const int Sector = 512;

    /// <summary>Stamps every sector of <paramref name="data"/> (a whole number of sectors starting at <paramref name="firstSector"/>).</summary>
    public static void Fill(Span<byte> data, ulong firstSector, ulong generation, ulong seed)
    {
        for (int i = 0; i + Sector <= data.Length; i += Sector)
        {
            FillSector(data.Slice(i, Sector), firstSector + (ulong)(i / Sector), generation, seed);
        }
    }

    /// <summary>Stamps one sector.</summary>
    public static void FillSector(Span<byte> sector, ulong sectorNumber, ulong generation, ulong seed)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(sector, Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[8..], sectorNumber);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[16..], generation);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[24..], seed);
        ulong x = Mix(sectorNumber, generation, seed);
        for (int o = 32; o < Sector; o += 8)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            BinaryPrimitives.WriteUInt64LittleEndian(sector[o..], x);
        }
    }

    /// <summary>Checks one sector read back at <paramref name="sectorNumber"/>.</summary>
    /// <param name="sector">512 bytes.</param>
    /// <param name="sectorNumber">Where it was read from.</param>
    /// <param name="seed">The workload's seed.</param>
    /// <param name="generation">The generation found (0 when not stamped).</param>
    public static StampCheck Check(ReadOnlySpan<byte> sector, ulong sectorNumber, ulong seed, out ulong generation)
    {
        generation = 0;
        if (BinaryPrimitives.ReadUInt64LittleEndian(sector) != Magic)
        {
            return sector[..Sector].ContainsAnyExcept((byte)0) ? StampCheck.NotStamped : StampCheck.Zero;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(sector[8..]) != sectorNumber)
        {
            return StampCheck.WrongSector;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(sector[24..]) != seed)
        {
            return StampCheck.WrongSeed;
        }

        generation = BinaryPrimitives.ReadUInt64LittleEndian(sector[16..]);
        ulong x = Mix(sectorNumber, generation, seed);
        for (int o = 32; o < Sector; o += 8)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (BinaryPrimitives.ReadUInt64LittleEndian(sector[o..]) != x)
            {
                return StampCheck.Torn;
            }
        }

        return StampCheck.Ok;
    }

    private static ulong Mix(ulong sector, ulong generation, ulong seed)
    {
        ulong x = (sector * 0x9E3779B97F4A7C15) ^ (generation * 0xC2B2AE3D27D4EB4F) ^ (seed * 0x165667B19E3779F9);
        return x == 0 ? 0x2545F4914F6CDD1D : x;
    }
}
