using BlkTrace.Trace;

namespace BlkTrace.Replay.Source;

/// <summary>
/// A captured trace lifted into guest intents (<see cref="IntentLifter"/>), ready to replay: the
/// intents in issue order, the order in which the source completed them, the disk they fit in, and
/// what could not be lifted.
/// </summary>
public sealed class SourceWorkload
{
    internal SourceWorkload(string path, TraceMetadata metadata, SourceIntent[] intents, int[] completionOrder, ulong diskSectors, int ringPageOrder, int maxSectorsPerIntent, LiftCounts counts)
    {
        Path = path;
        Metadata = metadata;
        Intents = intents;
        CompletionOrder = completionOrder;
        DiskSectors = diskSectors;
        RingPageOrder = ringPageOrder;
        MaxSectorsPerIntent = maxSectorsPerIntent;
        Counts = counts;
    }

    /// <summary>The trace it came from.</summary>
    public string Path { get; }

    /// <summary>The trace's metadata.</summary>
    public TraceMetadata Metadata { get; }

    /// <summary>The intents in source issue order.</summary>
    public IReadOnlyList<SourceIntent> Intents { get; }

    /// <summary>Indices into <see cref="Intents"/> in the order the source completed them (closed-loop replay).</summary>
    public IReadOnlyList<int> CompletionOrder { get; }

    /// <summary>
    /// The disk every intent lies in, in 512-byte sectors: <c>blktrace.sectors</c>, or the highest sector
    /// touched rounded up to 1 MiB when the trace does not say. A replay never touches beyond it.
    /// </summary>
    public ulong DiskSectors { get; }

    /// <summary>The source's <c>ring-page-order</c> (0 when the trace does not say).</summary>
    public int RingPageOrder { get; }

    /// <summary>The longest read or write, in sectors.</summary>
    public int MaxSectorsPerIntent { get; }

    /// <summary>Requests seen, lifted by rule, skipped by reason.</summary>
    public LiftCounts Counts { get; }

    /// <summary>The source's logical sector size (512 when the trace does not say).</summary>
    public int SectorSize => Metadata.SectorSize ?? 512;

    /// <summary>ns from the first intent's issue to the last event of the trace.</summary>
    public long DurationNs { get; internal set; }
}
