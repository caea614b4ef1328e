using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>The read/write request as laid out by the x86_32 ABI (108 bytes).</summary>
/// <remarks>
/// <code>
/// struct blkif_request {
///     uint8_t        operation;    /* BLKIF_OP_???                         */
///     uint8_t        nr_segments;  /* number of segments                   */
///     blkif_vdev_t   handle;       /* only for read/write requests         */
///     uint64_t       id;           /* private guest value, echoed in resp  */
///     blkif_sector_t sector_number;/* start sector idx on disk (r/w only)  */
///     struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
/// };
/// /* x86_32: 4-byte alignment of uint64_t, so id is packed at offset 4 (blkif_x86_32_request in Linux). */
/// </code>
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlkifRequestX86_32
{
    /// <summary>Bytes in the struct, and in a ring slot of this ABI.</summary>
    public const int Size = 108;

    /// <summary><c>operation</c>.</summary>
    [FieldOffset(0)]
    public byte Operation;

    /// <summary><c>nr_segments</c>.</summary>
    [FieldOffset(1)]
    public byte NrSegments;

    /// <summary><c>handle</c>.</summary>
    [FieldOffset(2)]
    public ushort Handle;

    /// <summary><c>id</c>.</summary>
    [FieldOffset(4)]
    public ulong Id;

    /// <summary><c>sector_number</c>.</summary>
    [FieldOffset(12)]
    public ulong SectorNumber;

    /// <summary><c>seg[11]</c>.</summary>
    [FieldOffset(20)]
    public BlkifSegmentArray Segments;
}
