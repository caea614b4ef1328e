using BlkTrace.Protocol.Wire;

namespace BlkTrace.Protocol.Blkif;

/// <summary>Sizes and names that depend on the ABI.</summary>
public static class BlkifAbiInfo
{
    /// <summary><c>XEN_IO_PROTO_ABI_X86_64</c>.</summary>
    public const string X86_64Name = "x86_64-abi";

    /// <summary><c>XEN_IO_PROTO_ABI_X86_32</c>.</summary>
    public const string X86_32Name = "x86_32-abi";

    /// <summary>Bytes in one ring slot (<c>sizeof(union blkif_sring_entry)</c>).</summary>
    public static int SlotSize(BlkifAbi abi) => abi == BlkifAbi.X86_32 ? BlkifRequestX86_32.Size : BlkifRequestX86_64.Size;

    /// <summary>Bytes a response occupies at the start of a slot.</summary>
    public static int ResponseSize(BlkifAbi abi) => abi == BlkifAbi.X86_32 ? BlkifResponseX86_32.Size : BlkifResponseX86_64.Size;

    /// <summary>The <c>protocol</c> node value for an ABI.</summary>
    public static string ProtocolName(BlkifAbi abi) => abi == BlkifAbi.X86_32 ? X86_32Name : X86_64Name;

    /// <summary>Parses a <c>protocol</c> node value; false for anything else.</summary>
    public static bool TryParse(string? protocol, out BlkifAbi abi)
    {
        switch (protocol)
        {
            case X86_64Name:
                abi = BlkifAbi.X86_64;
                return true;
            case X86_32Name:
                abi = BlkifAbi.X86_32;
                return true;
            default:
                abi = BlkifAbi.X86_64;
                return false;
        }
    }
}
