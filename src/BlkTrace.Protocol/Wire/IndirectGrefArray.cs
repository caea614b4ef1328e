using System.Runtime.CompilerServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>The 8 indirect descriptor page references (<c>indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST]</c>), 32 bytes.</summary>
[InlineArray(Blkif.BlkifConstants.MaxIndirectPagesPerRequest)]
public struct IndirectGrefArray
{
    private uint _element0;
}
