using System.Runtime.InteropServices;

namespace BlkTrace.Protocol.Wire;

/// <summary>
/// One data segment of a request: a granted page and the inclusive 512-byte sector range used in it.
/// </summary>
/// <remarks>
/// <code>
/// struct blkif_request_segment {
///     grant_ref_t gref;        /* reference to I/O buffer frame        */
///     uint8_t     first_sect, last_sect; /* first/last sector in page (0..7) */
/// };                           /* 8 bytes, same in both ABIs */
/// </code>
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlkifSegment : IEquatable<BlkifSegment>
{
    /// <summary><c>sizeof(struct blkif_request_segment)</c>.</summary>
    public const int Size = 8;

    /// <summary><c>gref</c>: the grant reference of the data page.</summary>
    [FieldOffset(0)]
    public uint GrantRef;

    /// <summary><c>first_sect</c>: first 512-byte sector used in the page (valid 0..7).</summary>
    [FieldOffset(4)]
    public byte FirstSect;

    /// <summary><c>last_sect</c>: last 512-byte sector used in the page, inclusive (valid first_sect..7).</summary>
    [FieldOffset(5)]
    public byte LastSect;

    /// <summary>Creates a segment.</summary>
    public BlkifSegment(uint grantRef, byte firstSect, byte lastSect)
    {
        GrantRef = grantRef;
        FirstSect = firstSect;
        LastSect = lastSect;
    }

    /// <summary>True when the sector range is one a backend accepts: <c>first_sect &lt;= last_sect &lt;= 7</c>.</summary>
    public readonly bool IsValid => LastSect <= 7 && FirstSect <= LastSect;

    /// <summary>Sectors covered; 0 for an invalid range.</summary>
    public readonly int SectorCount => IsValid ? LastSect - FirstSect + 1 : 0;

    /// <inheritdoc />
    public readonly bool Equals(BlkifSegment other) =>
        GrantRef == other.GrantRef && FirstSect == other.FirstSect && LastSect == other.LastSect;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is BlkifSegment other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(GrantRef, FirstSect, LastSect);

    /// <inheritdoc />
    public override readonly string ToString() => $"{GrantRef}:{FirstSect}-{LastSect}";

    /// <summary>Equality operator.</summary>
    public static bool operator ==(BlkifSegment left, BlkifSegment right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(BlkifSegment left, BlkifSegment right) => !left.Equals(right);
}
