using BlkTrace.Backend.Profiles;
using BlkTrace.Trace.Tap;

namespace BlkTrace.Backend.Service;

/// <summary>How a backend runs: which real backend it imitates, the disk it shows, and the tap.</summary>
public sealed class BackendOptions
{
    /// <summary>The behaviour profile (spec §5).</summary>
    public BackendProfile Profile { get; init; } = BackendProfiles.Linux;

    /// <summary>Publish the disk read-only (<c>info</c> = VDISK_READONLY, <c>mode</c> = r).</summary>
    public bool ReadOnly { get; init; }

    /// <summary><c>sector-size</c>: the logical sector size; requests not aligned to it are refused.</summary>
    public int SectorSize { get; init; } = 512;

    /// <summary><c>physical-sector-size</c> (0: same as <see cref="SectorSize"/>).</summary>
    public int PhysicalSectorSize { get; init; }

    /// <summary>Queues offered (null: the profile's maximum).</summary>
    public int? MaxQueues { get; init; }

    /// <summary>Ring page order offered (null: the profile's maximum).</summary>
    public int? MaxRingPageOrder { get; init; }

    /// <summary>
    /// THE TAP. When set, every ring thread calls it: a request as soon as it is copied off the ring,
    /// a response as soon as it is written, a store flush when one is done on a request's behalf.
    /// <c>blkt backend --trace OUT</c> plugs the Parquet tap in here.
    /// </summary>
    public IRingEventSink? Tap { get; init; }

    /// <summary>Compute an XxHash3 of every write's payload for the tap (<c>data_hash</c>, a capture option).</summary>
    public bool HashWrites { get; init; }

    /// <summary>
    /// Really sleep after a refused request when the profile stalls (Linux <c>msleep(1)</c>). Tests that
    /// send a million bad requests turn this off and read <see cref="BackendCounters.Stalls"/> instead.
    /// </summary>
    public bool StallOnBadRequest { get; init; } = true;

    /// <summary>How long a stall lasts.</summary>
    public TimeSpan BadRequestStall { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Seed of the completion order of profiles that complete out of order.</summary>
    public int CompletionSeed { get; init; } = 1;

    /// <summary>I/O threads per ring for stores that block (-1: 0 for inline stores, 4 otherwise). 0 runs I/O on the ring thread.</summary>
    public int IoThreads { get; init; } = -1;

    /// <summary>Idle loop iterations a ring thread polls before it asks for a notification and sleeps.</summary>
    public int SpinIterations { get; init; } = 20_000;
}
