using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Backend.Stores;

/// <summary>The last line of defence: a store refuses any access outside its disk.</summary>
internal static class StoreBounds
{
    public static void Check(ulong offset, ulong length, ulong sectors)
    {
        ulong size = sectors * BlkifConstants.SectorSize;
        if (offset > size || length > size - offset)
        {
            Throw(offset, length, size);
        }
    }

    private static void Throw(ulong offset, ulong length, ulong size) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"access of {length} bytes at {offset} is outside the {size}-byte disk");
}
