using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>The indirect request as laid out by the x86_32 ABI (64 bytes, at the start of a slot).</summary>
/// <remarks>
/// <code>
/// struct blkif_request_indirect {
///     uint8_t        operation;    /* BLKIF_OP_INDIRECT                    */
///     uint8_t        indirect_op;  /* BLKIF_OP_{READ/WRITE}                */
///     uint16_t       nr_segments;  /* number of segments                   */
///     uint64_t       id;           /* private guest value, echoed in resp  */
///     blkif_sector_t sector_number;/* start sector idx on disk (r/w only)  */
///     blkif_vdev_t   handle;       /* same as for read/write requests      */
///     grant_ref_t    indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
/// };
/// </code>
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlkifIndirectRequestX86_32
{
    /// <summary>Bytes in the struct.</summary>
    public const int Size = 64;

    /// <summary><c>operation</c>.</summary>
    [FieldOffset(0)]
    public byte Operation;

    /// <summary><c>indirect_op</c>.</summary>
    [FieldOffset(1)]
    public byte IndirectOp;

    /// <summary><c>nr_segments</c> (16 bits here, unlike the direct request).</summary>
    [FieldOffset(2)]
    public ushort NrSegments;

    /// <summary><c>id</c>.</summary>
    [FieldOffset(4)]
    public ulong Id;

    /// <summary><c>sector_number</c>.</summary>
    [FieldOffset(12)]
    public ulong SectorNumber;

    /// <summary><c>handle</c>.</summary>
    [FieldOffset(20)]
    public ushort Handle;

    /// <summary><c>indirect_grefs[8]</c>.</summary>
    [FieldOffset(24)]
    public IndirectGrefArray IndirectGrefs;
}
