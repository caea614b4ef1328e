using System.Runtime.CompilerServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>The 11 inline segments of a direct request (<c>seg[BLKIF_MAX_SEGMENTS_PER_REQUEST]</c>), 88 bytes.</summary>
[InlineArray(Blkif.BlkifConstants.MaxSegmentsPerRequest)]
public struct BlkifSegmentArray
{
    private BlkifSegment _element0;
}
