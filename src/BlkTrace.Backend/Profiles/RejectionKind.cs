namespace BlkTrace.Backend.Profiles;

/// <summary>Why a backend refused a request; each kind has its own counter.</summary>
public enum RejectionKind
{
    /// <summary>An operation the profile does not know (or does not implement), RESERVED_1 included.</summary>
    UnknownOperation,

    /// <summary>A READ/WRITE (or barrier with data where that is required) with 0 segments.</summary>
    ZeroSegments,

    /// <summary>More than 11 segments on a direct request, or more than the advertised indirect maximum.</summary>
    TooManySegments,

    /// <summary><c>last_sect &gt; 7</c> or <c>last_sect &lt; first_sect</c>.</summary>
    BadSegmentRange,

    /// <summary>A segment's grant reference maps to nothing.</summary>
    BadGrantReference,

    /// <summary>An INDIRECT request whose descriptor page reference maps to nothing.</summary>
    BadIndirectPage,

    /// <summary>An INDIRECT request whose inner op is not READ or WRITE.</summary>
    BadIndirectOperation,

    /// <summary>The sector range runs past the end of the disk.</summary>
    PastEnd,

    /// <summary>The sector range wraps around 2^64.</summary>
    SectorWrap,

    /// <summary>A write, flush, barrier or discard to a read-only disk.</summary>
    ReadOnly,

    /// <summary>Sector or segment length not a multiple of the logical sector size.</summary>
    Misaligned,

    /// <summary>A 0-segment WRITE_BARRIER the profile refuses.</summary>
    EmptyBarrierRefused,

    /// <summary>A FLUSH_DISKCACHE the profile refuses.</summary>
    FlushRefused,

    /// <summary>The store failed the I/O (EIO from the device).</summary>
    StoreError,
}
