using System.Globalization;
using BlkTrace.Trace;

namespace BlkTrace.Interop;

/// <summary>What an import read, made and could not map. Every warning is a count, never a silent drop.</summary>
public sealed class ImportReport
{
    private readonly SortedDictionary<string, long> _warnings = new(StringComparer.Ordinal);

    /// <summary>Creates a report for one import.</summary>
    public ImportReport(string sourceFormat, IReadOnlyList<string> sourceFiles)
    {
        ArgumentNullException.ThrowIfNull(sourceFormat);
        ArgumentNullException.ThrowIfNull(sourceFiles);
        SourceFormat = sourceFormat;
        SourceFiles = sourceFiles;
    }

    /// <summary>The format read, e.g. <c>blktrace-v7</c>.</summary>
    public string SourceFormat { get; set; }

    /// <summary>The files read, in order.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>Records or lines read from the source.</summary>
    public long SourceEvents { get; set; }

    /// <summary>Source events that carry nothing the schema holds.</summary>
    public long IgnoredEvents { get; set; }

    /// <summary>Request rows written.</summary>
    public long Requests { get; set; }

    /// <summary>Response rows written.</summary>
    public long Responses { get; set; }

    /// <summary>Whether the source records completions at all.</summary>
    public bool HasCompletions { get; set; } = true;

    /// <summary>Queues used by the rows (highest queue number + 1).</summary>
    public int Queues { get; set; }

    /// <summary>Events the source itself says were lost (EventPipe); written as <c>blktrace.dropped_events</c>.</summary>
    public long DroppedEvents { get; set; }

    /// <summary>When the source's clock started, if it says (written as <c>blktrace.capture_start_utc</c>).</summary>
    public DateTimeOffset? CaptureStartUtc { get; set; }

    /// <summary>How queue numbers were assigned (e.g. <c>0=202,0</c>), or null.</summary>
    public string? QueueAssignment { get; set; }

    /// <summary>Warning counts by name (<see cref="ImportWarnings"/>); only non-zero ones are present.</summary>
    public IReadOnlyDictionary<string, long> Warnings => _warnings;

    /// <summary>The sum of every warning count.</summary>
    public long WarningCount => _warnings.Values.Sum();

    /// <summary>Counts <paramref name="count"/> occurrences of a warning.</summary>
    public void Warn(string name, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (count > 0)
        {
            _warnings[name] = _warnings.GetValueOrDefault(name) + count;
        }
    }

    /// <summary>The warning count of one kind (0 when none).</summary>
    public long Warning(string name) => _warnings.GetValueOrDefault(name);

    /// <summary><paramref name="metadata"/> with this report's keys added to <see cref="TraceMetadata.Extra"/>.</summary>
    public TraceMetadata ApplyTo(TraceMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata.Extra)
        {
            extra[k] = v;
        }

        foreach (var (k, v) in ToKeyValues())
        {
            extra[k] = v;
        }

        return metadata with
        {
            Extra = extra,
            Queues = metadata.Queues ?? (Queues > 0 ? Queues : null),
            DroppedEvents = Math.Max(metadata.DroppedEvents, DroppedEvents),
            CaptureStartUtc = metadata.CaptureStartUtc ?? CaptureStartUtc,
        };
    }

    /// <summary>The report as metadata key/values (<see cref="ImportMetadataKeys"/>).</summary>
    public IReadOnlyDictionary<string, string> ToKeyValues()
    {
        var kv = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ImportMetadataKeys.SourceFormat] = SourceFormat,
            [ImportMetadataKeys.SourceFiles] = string.Join(';', SourceFiles.Select(Path.GetFileName)),
            [ImportMetadataKeys.SourceEvents] = Int(SourceEvents),
            [ImportMetadataKeys.IgnoredEvents] = Int(IgnoredEvents),
            [ImportMetadataKeys.HasCompletions] = HasCompletions ? "true" : "false",
            [ImportMetadataKeys.Warnings] = Int(WarningCount),
        };
        if (QueueAssignment is not null)
        {
            kv[ImportMetadataKeys.Queues] = QueueAssignment;
        }

        foreach (var (name, count) in _warnings)
        {
            kv[ImportMetadataKeys.WarningPrefix + name] = Int(count);
        }

        return kv;
    }

    /// <summary>One line: rows made and warnings by name.</summary>
    public string Summary()
    {
        string warnings = _warnings.Count == 0
            ? "no warnings"
            : string.Join(", ", _warnings.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Value:N0} {w.Key}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{SourceFormat}: {SourceEvents:N0} source events ({IgnoredEvents:N0} ignored) -> {Requests:N0} requests, {Responses:N0} responses{(HasCompletions ? string.Empty : " (the source records no completions)")}; {warnings}");
    }

    private static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);
}
