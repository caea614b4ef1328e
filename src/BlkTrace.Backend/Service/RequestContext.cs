using BlkTrace.Backend.Profiles;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Backend.Service;

/// <summary>
/// One consumed request while it is in flight: the private copy of the slot, the segments read
/// from its indirect pages, and what serving it takes. A ring owns RING_SIZE of these, made once;
/// one is taken when a request is consumed and given back when its response is written.
/// </summary>
internal sealed class RequestContext
{
    public BlkifRequest Request;
    public uint RingIndex;
    public PlanSteps Steps;
    public int IndirectCount;
    public bool IndirectPageMissing;

    public RequestContext(int index, int maxIndirectSegments)
    {
        Index = index;
        Indirect = new BlkifSegment[maxIndirectSegments];
    }

    public int Index { get; }

    /// <summary>Segments copied out of the indirect descriptor pages (read once, validated here only).</summary>
    public BlkifSegment[] Indirect { get; }

    /// <summary>The segments of this request: inline for a direct one, copied from descriptor pages for INDIRECT.</summary>
    public Span<BlkifSegment> Segments =>
        Request.Operation == BlkifOperation.Indirect
            ? Indirect.AsSpan(0, IndirectCount)
            : ((Span<BlkifSegment>)Request.Segments)[..Request.DirectSegmentCount];

    /// <summary>The operation byte a response carries: Linux echoes the inner op of INDIRECT.</summary>
    public BlkifOperation ResponseOperation { get; set; }
}
