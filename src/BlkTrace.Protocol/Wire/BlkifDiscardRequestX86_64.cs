using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>The discard request as laid out by the x86_64 ABI (32 bytes, at the start of a slot).</summary>
/// <remarks>
/// <code>
/// struct blkif_request_discard {
///     uint8_t        operation;    /* BLKIF_OP_DISCARD                     */
///     uint8_t        flag;         /* BLKIF_DISCARD_SECURE or zero         */
///     blkif_vdev_t   handle;       /* same as for read/write requests      */
///     uint64_t       id;           /* as for read/write requests           */
///     blkif_sector_t sector_number;/* start sector idx on disk             */
///     uint64_t       nr_sectors;   /* number of contiguous sectors to discard*/
/// };
/// </code>
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlkifDiscardRequestX86_64
{
    /// <summary>Bytes in the struct.</summary>
    public const int Size = 32;

    /// <summary><c>operation</c>.</summary>
    [FieldOffset(0)]
    public byte Operation;

    /// <summary><c>flag</c>.</summary>
    [FieldOffset(1)]
    public byte Flag;

    /// <summary><c>handle</c>.</summary>
    [FieldOffset(2)]
    public ushort Handle;

    /// <summary><c>id</c>.</summary>
    [FieldOffset(8)]
    public ulong Id;

    /// <summary><c>sector_number</c>.</summary>
    [FieldOffset(16)]
    public ulong SectorNumber;

    /// <summary><c>nr_sectors</c>.</summary>
    [FieldOffset(24)]
    public ulong NrSectors;
}
