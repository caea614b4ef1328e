namespace BlkTrace.Protocol.Blkif;

/// <summary>
/// The request/response layout on the ring, named by the frontend's <c>protocol</c> node
/// (<c>XEN_IO_PROTO_ABI_*</c> in <c>io/protocols.h</c>).
/// </summary>
public enum BlkifAbi
{
    /// <summary><c>x86_64-abi</c>: 112-byte slots, 8-byte alignment of <c>id</c>.</summary>
    X86_64 = 0,

    /// <summary><c>x86_32-abi</c>: 108-byte slots, <c>id</c> packed at offset 4.</summary>
    X86_32 = 1,
}
