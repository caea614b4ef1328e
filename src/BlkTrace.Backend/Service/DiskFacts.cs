namespace BlkTrace.Backend.Service;

/// <summary>What validation needs to know about the disk.</summary>
/// <param name="Sectors">Size in 512-byte sectors.</param>
/// <param name="ReadOnly">VDISK_READONLY.</param>
/// <param name="SectorSize">Logical sector size (<c>sector-size</c>), 512 or a larger power of two.</param>
public readonly record struct DiskFacts(ulong Sectors, bool ReadOnly, int SectorSize);
