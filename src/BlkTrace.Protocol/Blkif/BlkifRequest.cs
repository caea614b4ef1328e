using BlkTrace.Protocol.Wire;

namespace BlkTrace.Protocol.Blkif;

/// <summary>
/// One request, normalised from either ABI and any of the three layouts of the request union.
/// Values are kept exactly as the frontend wrote them (an out-of-range <c>nr_segments</c> or an
/// unknown operation included): validation is the backend profile's job, done on this copy only.
/// </summary>
public struct BlkifRequest : IEquatable<BlkifRequest>
{
    /// <summary><c>operation</c>.</summary>
    public BlkifOperation Operation;

    /// <summary><c>indirect_op</c> (INDIRECT only).</summary>
    public BlkifOperation IndirectOperation;

    /// <summary><c>nr_segments</c>: 8 bits on a direct request, 16 bits on an indirect one; 0 for DISCARD.</summary>
    public ushort NrSegments;

    /// <summary><c>handle</c>.</summary>
    public ushort Handle;

    /// <summary><c>id</c>, echoed in the response.</summary>
    public ulong Id;

    /// <summary><c>sector_number</c>, in 512-byte units.</summary>
    public ulong SectorNumber;

    /// <summary><c>flag</c> of a DISCARD (<see cref="BlkifConstants.DiscardSecure"/> or 0).</summary>
    public byte DiscardFlag;

    /// <summary><c>nr_sectors</c> of a DISCARD.</summary>
    public ulong DiscardNrSectors;

    /// <summary>The inline segments of a direct request; only the first <see cref="DirectSegmentCount"/> mean anything.</summary>
    public BlkifSegmentArray Segments;

    /// <summary>The descriptor pages of an INDIRECT request.</summary>
    public IndirectGrefArray IndirectGrefs;

    /// <summary>The union member this request uses on the wire.</summary>
    public readonly BlkifRequestLayout Layout => LayoutOf(Operation);

    /// <summary>The operation that moves data: <c>indirect_op</c> for INDIRECT, else <c>operation</c>.</summary>
    public readonly BlkifOperation EffectiveOperation =>
        Operation == BlkifOperation.Indirect ? IndirectOperation : Operation;

    /// <summary>How many entries of <see cref="Segments"/> are in use (at most 11, whatever <c>nr_segments</c> claims).</summary>
    public readonly int DirectSegmentCount =>
        Layout == BlkifRequestLayout.ReadWrite ? Math.Min((int)NrSegments, BlkifConstants.MaxSegmentsPerRequest) : 0;

    /// <summary>How many indirect descriptor pages <c>nr_segments</c> needs (0 unless INDIRECT).</summary>
    public readonly int IndirectPageCount =>
        Operation == BlkifOperation.Indirect
            ? (NrSegments + BlkifConstants.SegmentsPerIndirectPage - 1) / BlkifConstants.SegmentsPerIndirectPage
            : 0;

    /// <summary>The layout an operation byte selects.</summary>
    public static BlkifRequestLayout LayoutOf(BlkifOperation operation) => operation switch
    {
        BlkifOperation.Discard => BlkifRequestLayout.Discard,
        BlkifOperation.Indirect => BlkifRequestLayout.Indirect,
        _ => BlkifRequestLayout.ReadWrite,
    };

    /// <summary>A direct read/write/barrier/flush request over the given segments.</summary>
    public static BlkifRequest Direct(BlkifOperation operation, ulong id, ulong sector, ReadOnlySpan<BlkifSegment> segments, ushort handle = 0)
    {
        if (segments.Length > BlkifConstants.MaxSegmentsPerRequest)
        {
            ThrowHelper.ThrowArgument(nameof(segments), "a direct request carries at most 11 segments");
        }

        var request = new BlkifRequest
        {
            Operation = operation,
            NrSegments = (ushort)segments.Length,
            Handle = handle,
            Id = id,
            SectorNumber = sector,
        };
        segments.CopyTo(request.Segments);
        return request;
    }

    /// <summary>A DISCARD of <paramref name="nrSectors"/> sectors.</summary>
    public static BlkifRequest Discard(ulong id, ulong sector, ulong nrSectors, bool secure = false, ushort handle = 0) => new()
    {
        Operation = BlkifOperation.Discard,
        Handle = handle,
        Id = id,
        SectorNumber = sector,
        DiscardNrSectors = nrSectors,
        DiscardFlag = secure ? BlkifConstants.DiscardSecure : (byte)0,
    };

    /// <summary>An INDIRECT request whose segments live in the given descriptor pages.</summary>
    public static BlkifRequest Indirect(BlkifOperation innerOperation, ulong id, ulong sector, ushort nrSegments, ReadOnlySpan<uint> descriptorPages, ushort handle = 0)
    {
        if (descriptorPages.Length > BlkifConstants.MaxIndirectPagesPerRequest)
        {
            ThrowHelper.ThrowArgument(nameof(descriptorPages), "an indirect request names at most 8 descriptor pages");
        }

        var request = new BlkifRequest
        {
            Operation = BlkifOperation.Indirect,
            IndirectOperation = innerOperation,
            NrSegments = nrSegments,
            Handle = handle,
            Id = id,
            SectorNumber = sector,
        };
        descriptorPages.CopyTo(request.IndirectGrefs);
        return request;
    }

    /// <summary>Equality over the fields that the request's layout carries on the wire.</summary>
    public readonly bool Equals(BlkifRequest other)
    {
        if (Operation != other.Operation || Id != other.Id || SectorNumber != other.SectorNumber || Handle != other.Handle)
        {
            return false;
        }

        switch (Layout)
        {
            case BlkifRequestLayout.Discard:
                return DiscardFlag == other.DiscardFlag && DiscardNrSectors == other.DiscardNrSectors;
            case BlkifRequestLayout.Indirect:
                return IndirectOperation == other.IndirectOperation && NrSegments == other.NrSegments &&
                    ((ReadOnlySpan<uint>)IndirectGrefs).SequenceEqual(other.IndirectGrefs);
            default:
                if (NrSegments != other.NrSegments)
                {
                    return false;
                }

                ReadOnlySpan<BlkifSegment> mine = Segments;
                ReadOnlySpan<BlkifSegment> theirs = other.Segments;
                int n = DirectSegmentCount;
                return mine[..n].SequenceEqual(theirs[..n]);
        }
    }

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is BlkifRequest other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(Operation, Id, SectorNumber, NrSegments, Handle);

    /// <inheritdoc />
    public override readonly string ToString() => Layout switch
    {
        BlkifRequestLayout.Discard => $"{Operation} id={Id} sector={SectorNumber} nr_sectors={DiscardNrSectors} flag={DiscardFlag}",
        BlkifRequestLayout.Indirect => $"{Operation}/{IndirectOperation} id={Id} sector={SectorNumber} nr_segments={NrSegments}",
        _ => $"{Operation} id={Id} sector={SectorNumber} nr_segments={NrSegments}",
    };

    /// <summary>Equality operator.</summary>
    public static bool operator ==(BlkifRequest left, BlkifRequest right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(BlkifRequest left, BlkifRequest right) => !left.Equals(right);
}
