namespace BlkTrace.Trace.Intents;

/// <summary>An intent log read back: its footer metadata and its rows in file order.</summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="Metadata">The Parquet key/value metadata (<c>blktrace.intents.schema_version</c> and the replay's <c>blktrace.*</c> keys).</param>
/// <param name="Rows">The rows.</param>
public sealed record IntentLog(string Path, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<IntentRecord> Rows);
