using System.Globalization;

namespace BlkTrace.Trace;

/// <summary>
/// The file metadata of a trace (design.md §4), typed, plus a free-form <see cref="Extra"/> map so
/// replay and analysis can add keys of their own. <see cref="ToKeyValues"/> and
/// <see cref="FromKeyValues"/> are the only place the on-disk spelling lives.
/// </summary>
public sealed record TraceMetadata
{
    /// <summary>The clock name written by the tap: <see cref="System.Diagnostics.Stopwatch"/> (CLOCK_MONOTONIC on Linux), ns since capture start.</summary>
    public const string MonotonicClock = "monotonic";

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>blktrace.schema_version</c>.</summary>
    public int SchemaVersion { get; init; } = TraceSchema.Version;

    /// <summary><c>blktrace.abi</c>: the <c>protocol</c> node value.</summary>
    public string? Abi { get; init; }

    /// <summary><c>blktrace.ring_page_order</c>.</summary>
    public int? RingPageOrder { get; init; }

    /// <summary><c>blktrace.ring_size</c>.</summary>
    public int? RingSize { get; init; }

    /// <summary><c>blktrace.queues</c>.</summary>
    public int? Queues { get; init; }

    /// <summary><c>blktrace.profile</c>.</summary>
    public string? Profile { get; init; }

    /// <summary>The backend's advertised nodes (<c>blktrace.backend.NODE</c>), e.g. <c>feature-barrier</c> = <c>1</c>.</summary>
    public IReadOnlyDictionary<string, string> BackendNodes { get; init; } = Empty;

    /// <summary><c>blktrace.store</c>.</summary>
    public string? Store { get; init; }

    /// <summary><c>blktrace.sectors</c>.</summary>
    public ulong? Sectors { get; init; }

    /// <summary><c>blktrace.sector_size</c>.</summary>
    public int? SectorSize { get; init; }

    /// <summary><c>blktrace.capture_start_utc</c>.</summary>
    public DateTimeOffset? CaptureStartUtc { get; init; }

    /// <summary><c>blktrace.clock</c>.</summary>
    public string? Clock { get; init; }

    /// <summary><c>blktrace.dropped_events</c>.</summary>
    public long DroppedEvents { get; init; }

    /// <summary><c>blktrace.strategy</c> (replay outputs).</summary>
    public string? Strategy { get; init; }

    /// <summary><c>blktrace.timing_mode</c> (replay outputs).</summary>
    public string? TimingMode { get; init; }

    /// <summary><c>blktrace.source_trace</c> (replay outputs).</summary>
    public string? SourceTrace { get; init; }

    /// <summary><c>blktrace.writer</c>.</summary>
    public string? Writer { get; init; }

    /// <summary>Any other key, written as is (a key that collides with a typed one is an error at write time).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = Empty;

    /// <summary>The key/value pairs to write into a Parquet footer.</summary>
    public Dictionary<string, string> ToKeyValues()
    {
        var kv = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TraceMetadataKeys.SchemaVersion] = Int(SchemaVersion),
            [TraceMetadataKeys.DroppedEvents] = Int(DroppedEvents),
        };
        Put(kv, TraceMetadataKeys.Abi, Abi);
        Put(kv, TraceMetadataKeys.RingPageOrder, RingPageOrder is { } o ? Int(o) : null);
        Put(kv, TraceMetadataKeys.RingSize, RingSize is { } s ? Int(s) : null);
        Put(kv, TraceMetadataKeys.Queues, Queues is { } q ? Int(q) : null);
        Put(kv, TraceMetadataKeys.Profile, Profile);
        Put(kv, TraceMetadataKeys.Store, Store);
        Put(kv, TraceMetadataKeys.Sectors, Sectors?.ToString(CultureInfo.InvariantCulture));
        Put(kv, TraceMetadataKeys.SectorSize, SectorSize is { } z ? Int(z) : null);
        Put(kv, TraceMetadataKeys.CaptureStartUtc, CaptureStartUtc?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Put(kv, TraceMetadataKeys.Clock, Clock);
        Put(kv, TraceMetadataKeys.Strategy, Strategy);
        Put(kv, TraceMetadataKeys.TimingMode, TimingMode);
        Put(kv, TraceMetadataKeys.SourceTrace, SourceTrace);
        Put(kv, TraceMetadataKeys.Writer, Writer);
        foreach (var (node, value) in BackendNodes)
        {
            kv[TraceMetadataKeys.BackendNodePrefix + node] = value;
        }

        foreach (var (key, value) in Extra)
        {
            if (!kv.TryAdd(key, value))
            {
                throw new ArgumentException($"trace metadata: extra key '{key}' collides with a key of schema v{TraceSchema.Version}");
            }
        }

        return kv;
    }

    /// <summary>
    /// Reads metadata back from a footer. A malformed value of a typed key is an
    /// <see cref="InvalidDataException"/> naming <paramref name="source"/> and the key.
    /// A missing <c>blktrace.schema_version</c> reads as version 1 (files re-exported by other tools).
    /// </summary>
    public static TraceMetadata FromKeyValues(IReadOnlyDictionary<string, string> keyValues, string source)
    {
        ArgumentNullException.ThrowIfNull(keyValues);
        var nodes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var m = new TraceMetadata();
        foreach (var (key, value) in keyValues)
        {
            switch (key)
            {
                case TraceMetadataKeys.SchemaVersion: m = m with { SchemaVersion = ParseInt(value, key, source) }; break;
                case TraceMetadataKeys.Abi: m = m with { Abi = value }; break;
                case TraceMetadataKeys.RingPageOrder: m = m with { RingPageOrder = ParseInt(value, key, source) }; break;
                case TraceMetadataKeys.RingSize: m = m with { RingSize = ParseInt(value, key, source) }; break;
                case TraceMetadataKeys.Queues: m = m with { Queues = ParseInt(value, key, source) }; break;
                case TraceMetadataKeys.Profile: m = m with { Profile = value }; break;
                case TraceMetadataKeys.Store: m = m with { Store = value }; break;
                case TraceMetadataKeys.Sectors: m = m with { Sectors = ParseULong(value, key, source) }; break;
                case TraceMetadataKeys.SectorSize: m = m with { SectorSize = ParseInt(value, key, source) }; break;
                case TraceMetadataKeys.CaptureStartUtc: m = m with { CaptureStartUtc = ParseTime(value, key, source) }; break;
                case TraceMetadataKeys.Clock: m = m with { Clock = value }; break;
                case TraceMetadataKeys.DroppedEvents: m = m with { DroppedEvents = ParseLong(value, key, source) }; break;
                case TraceMetadataKeys.Strategy: m = m with { Strategy = value }; break;
                case TraceMetadataKeys.TimingMode: m = m with { TimingMode = value }; break;
                case TraceMetadataKeys.SourceTrace: m = m with { SourceTrace = value }; break;
                case TraceMetadataKeys.Writer: m = m with { Writer = value }; break;
                default:
                    if (key.StartsWith(TraceMetadataKeys.BackendNodePrefix, StringComparison.Ordinal))
                    {
                        nodes[key[TraceMetadataKeys.BackendNodePrefix.Length..]] = value;
                    }
                    else
                    {
                        extra[key] = value;
                    }

                    break;
            }
        }

        return m with { BackendNodes = nodes, Extra = extra };
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Put(Dictionary<string, string> kv, string key, string? value)
    {
        if (value is not null)
        {
            kv[key] = value;
        }
    }

    private static int ParseInt(string value, string key, string source) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw Bad(value, key, source);

    private static long ParseLong(string value, string key, string source) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw Bad(value, key, source);

    private static ulong ParseULong(string value, string key, string source) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
            ? v
            : throw Bad(value, key, source);

    private static DateTimeOffset ParseTime(string value, string key, string source) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v)
            ? v
            : throw Bad(value, key, source);

    private static InvalidDataException Bad(string value, string key, string source)
    {
        string shown = value.Length > 40 ? value[..40] + "…" : value;
        return new InvalidDataException($"{source}: metadata {key} = '{shown.ReplaceLineEndings(" ")}' is not valid");
    }
}
