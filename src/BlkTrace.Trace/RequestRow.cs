using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Trace;

/// <summary>
/// How a request becomes a row: which segments it has, its <c>nr_sectors</c> and its
/// <c>seg_layout</c> bytes. One place, so the tap, the EventSource and converters agree.
/// </summary>
public static class RequestRow
{
    /// <summary>
    /// The segments a request row describes: the inline segments of a direct request (at most 11,
    /// whatever <c>nr_segments</c> claims), the descriptor-page segments of an INDIRECT one, none for DISCARD.
    /// </summary>
    public static ReadOnlySpan<BlkifSegment> Segments(in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments) =>
        request.Layout switch
        {
            BlkifRequestLayout.ReadWrite => ((ReadOnlySpan<BlkifSegment>)request.Segments)[..request.DirectSegmentCount],
            BlkifRequestLayout.Indirect => indirectSegments,
            _ => [],
        };

    /// <summary>
    /// True when the row carries a <c>seg_layout</c>: every direct request (empty for 0 segments), an
    /// INDIRECT request whose segments were read; never a DISCARD.
    /// </summary>
    public static bool HasSegLayout(in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments) =>
        request.Layout switch
        {
            BlkifRequestLayout.ReadWrite => true,
            BlkifRequestLayout.Indirect => !indirectSegments.IsEmpty,
            _ => false,
        };

    /// <summary>
    /// <c>nr_sectors</c>: the sum of segment lengths (an invalid segment counts 0), a DISCARD's own
    /// count saturated at <see cref="int.MaxValue"/>, or 0.
    /// </summary>
    public static int NrSectors(in BlkifRequest request, ReadOnlySpan<BlkifSegment> indirectSegments)
    {
        if (request.Layout == BlkifRequestLayout.Discard)
        {
            return request.DiscardNrSectors > int.MaxValue ? int.MaxValue : (int)request.DiscardNrSectors;
        }

        int sum = 0;
        foreach (ref readonly var s in Segments(request, indirectSegments))
        {
            sum += s.SectorCount;
        }

        return sum;
    }

    /// <summary>Writes <c>first_sect,last_sect</c> per segment into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int EncodeSegLayout(ReadOnlySpan<BlkifSegment> segments, Span<byte> destination)
    {
        int n = segments.Length * TraceSchema.SegLayoutBytesPerSegment;
        if (destination.Length < n)
        {
            throw new ArgumentException("destination too small for the segment layout", nameof(destination));
        }

        for (int i = 0; i < segments.Length; i++)
        {
            destination[2 * i] = segments[i].FirstSect;
            destination[(2 * i) + 1] = segments[i].LastSect;
        }

        return n;
    }
}
