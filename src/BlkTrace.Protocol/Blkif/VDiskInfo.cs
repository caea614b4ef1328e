namespace BlkTrace.Protocol.Blkif;

/// <summary>The backend's <c>info</c> xenstore node (<c>VDISK_*</c> in <c>io/blkif.h</c>).</summary>
[Flags]
public enum VDiskInfo
{
    /// <summary>An ordinary writable disk.</summary>
    None = 0,

    /// <summary><c>VDISK_CDROM</c>.</summary>
    CdRom = 1,

    /// <summary><c>VDISK_REMOVABLE</c>.</summary>
    Removable = 2,

    /// <summary><c>VDISK_READONLY</c>: writes, flushes, barriers and discards are refused.</summary>
    ReadOnly = 4,
}
