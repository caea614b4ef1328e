namespace BlkTrace.Replay.Output;

/// <summary>What the replay ran against.</summary>
/// <param name="Kind"><c>in-process</c> or <c>vbd</c>.</param>
/// <param name="Profile">The backend profile (in-process).</param>
/// <param name="Store">The store spec as opened (in-process).</param>
/// <param name="Vbd">The vbd directory (vbd).</param>
/// <param name="Features">The backend's advertised nodes.</param>
/// <param name="DiskSectors">The disk it published.</param>
/// <param name="SectorSize">Its logical sector size.</param>
/// <param name="RingPageOrder">The ring order in use.</param>
/// <param name="RingSize">RING_SIZE.</param>
public sealed record TargetSummary(
    string Kind,
    string? Profile,
    string? Store,
    string? Vbd,
    IReadOnlyDictionary<string, string> Features,
    ulong DiskSectors,
    int SectorSize,
    int RingPageOrder,
    int RingSize);
