using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>The response as laid out by the x86_32 ABI (12 bytes, at the start of a slot).</summary>
/// <remarks>
/// <code>
/// struct blkif_response {
///     uint64_t        id;              /* copied from request */
///     uint8_t         operation;       /* copied from request */
///     int16_t         status;          /* BLKIF_RSP_???       */
/// };
/// /* x86_32: 4-byte alignment, so no tail padding after status. */
/// </code>
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlkifResponseX86_32
{
    /// <summary>Bytes in the struct.</summary>
    public const int Size = 12;

    /// <summary><c>id</c>.</summary>
    [FieldOffset(0)]
    public ulong Id;

    /// <summary><c>operation</c>.</summary>
    [FieldOffset(8)]
    public byte Operation;

    /// <summary><c>status</c>.</summary>
    [FieldOffset(10)]
    public short Status;
}
