namespace BlkTrace.Protocol.Blkif;

/// <summary>Numeric limits of the blkif protocol, each named after its <c>io/blkif.h</c> macro.</summary>
public static class BlkifConstants
{
    /// <summary><c>BLKIF_MAX_SEGMENTS_PER_REQUEST</c>: segments in a direct request.</summary>
    public const int MaxSegmentsPerRequest = 11;

    /// <summary><c>BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST</c>: indirect descriptor pages per request.</summary>
    public const int MaxIndirectPagesPerRequest = 8;

    /// <summary>Segments that fit in one 4 KiB indirect page (<c>XEN_PAGE_SIZE / sizeof(struct blkif_request_segment)</c>).</summary>
    public const int SegmentsPerIndirectPage = PageSize / 8;

    /// <summary>The most segments an indirect request can describe (8 pages of 512).</summary>
    public const int MaxIndirectSegments = MaxIndirectPagesPerRequest * SegmentsPerIndirectPage;

    /// <summary><c>XEN_PAGE_SIZE</c>: grants, ring pages and segments are 4 KiB pages.</summary>
    public const int PageSize = 4096;

    /// <summary>Sector fields are always in 512-byte units, whatever <c>sector-size</c> says.</summary>
    public const int SectorSize = 512;

    /// <summary>512-byte sectors per page: <c>first_sect</c>/<c>last_sect</c> range over 0..7.</summary>
    public const int SectorsPerPage = PageSize / SectorSize;

    /// <summary><c>BLKIF_DISCARD_SECURE</c>: the discard flag asking for a secure erase.</summary>
    public const byte DiscardSecure = 1;
}
