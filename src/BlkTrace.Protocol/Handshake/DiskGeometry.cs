using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Handshake;

/// <summary>What the backend publishes when it connects: <c>sectors</c>, <c>info</c>, <c>sector-size</c>, <c>physical-sector-size</c>.</summary>
/// <param name="Sectors">Disk size in 512-byte sectors (always 512-byte units, whatever the sector size).</param>
/// <param name="Info">VDISK_* flags.</param>
/// <param name="SectorSize">Logical sector size in bytes (512 or 4096 in practice).</param>
/// <param name="PhysicalSectorSize">Physical sector size in bytes.</param>
public readonly record struct DiskGeometry(ulong Sectors, VDiskInfo Info, int SectorSize, int PhysicalSectorSize)
{
    /// <summary>True when <see cref="VDiskInfo.ReadOnly"/> is set.</summary>
    public bool IsReadOnly => (Info & VDiskInfo.ReadOnly) != 0;

    /// <summary>Disk size in bytes.</summary>
    public ulong Bytes => Sectors * BlkifConstants.SectorSize;
}
