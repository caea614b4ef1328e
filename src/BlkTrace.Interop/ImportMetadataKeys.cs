namespace BlkTrace.Interop;

/// <summary>Metadata keys an import adds to the trace it writes (beside schema v1's own keys).</summary>
public static class ImportMetadataKeys
{
    /// <summary>What the trace was imported from, e.g. <c>blktrace-v7</c>, <c>fio-iolog-v3</c>, <c>msr-csv</c>.</summary>
    public const string SourceFormat = "blktrace.source_format";

    /// <summary>The source file names (no directories), separated by <c>;</c>.</summary>
    public const string SourceFiles = "blktrace.source_files";

    /// <summary>How queues were assigned, e.g. <c>0=202,0;1=8,16</c> (device per queue) for blktrace.</summary>
    public const string Queues = "blktrace.import.queues";

    /// <summary>Events (records or lines) read from the source.</summary>
    public const string SourceEvents = "blktrace.import.source_events";

    /// <summary>Source events that carry nothing the schema holds (blktrace G, I, P, U, notify records, …).</summary>
    public const string IgnoredEvents = "blktrace.import.ignored_events";

    /// <summary>Whether the source records completions: <c>true</c> or <c>false</c> (fio iologs, Alibaba and Tencent CSV do not).</summary>
    public const string HasCompletions = "blktrace.import.has_completions";

    /// <summary>Prefix of the per-kind warning counts: <c>blktrace.import.warning.ambiguous_pairs</c> = <c>3</c>.</summary>
    public const string WarningPrefix = "blktrace.import.warning.";

    /// <summary>The sum of every warning count.</summary>
    public const string Warnings = "blktrace.import.warnings";
}
