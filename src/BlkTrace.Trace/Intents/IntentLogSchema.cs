namespace BlkTrace.Trace.Intents;

/// <summary>
/// The intent log schema <c>blktrace.intents</c> v1, the contract between Replay (which writes
/// <c>intents.parquet</c> beside its ring trace) and Analysis (which explores crash states with it).
/// Column names, types, nullability, order and the codes of <see cref="IntentKind"/> are frozen; a
/// change bumps <see cref="Version"/>.
/// </summary>
/// <remarks>
/// <c>ring_ids</c> holds uint64 little-endian ids, concatenated in issue order. Every ring write a
/// write intent (kinds 1, 3) sent carries that intent's <c>generation</c>; a flush that a strategy
/// turned into a data-carrying barrier (cache-replay, xdf fallback) has the generation of the cached
/// copy it rewrote and the block it rewrote as <c>sector</c>/<c>nr_sectors</c>.
/// </remarks>
public static class IntentLogSchema
{
    /// <summary>The version written in <see cref="SchemaVersionKey"/>.</summary>
    public const int Version = 1;

    /// <summary>The metadata key that marks an intent log.</summary>
    public const string SchemaVersionKey = "blktrace.intents.schema_version";

    /// <summary>The file name inside a replay directory.</summary>
    public const string FileName = "intents.parquet";

    /// <summary><c>intent_seq</c>.</summary>
    public const string IntentSeq = "intent_seq";

    /// <summary><c>kind</c>.</summary>
    public const string Kind = "kind";

    /// <summary><c>sector</c>.</summary>
    public const string Sector = "sector";

    /// <summary><c>nr_sectors</c>.</summary>
    public const string NrSectors = "nr_sectors";

    /// <summary><c>generation</c>.</summary>
    public const string Generation = "generation";

    /// <summary><c>issue_ts_ns</c>.</summary>
    public const string IssueTsNs = "issue_ts_ns";

    /// <summary><c>done_ts_ns</c>.</summary>
    public const string DoneTsNs = "done_ts_ns";

    /// <summary><c>guest_status</c>.</summary>
    public const string GuestStatus = "guest_status";

    /// <summary><c>ring_ids</c>.</summary>
    public const string RingIds = "ring_ids";

    /// <summary><c>note</c>.</summary>
    public const string Note = "note";

    /// <summary>The columns in file order.</summary>
    public static IReadOnlyList<TraceColumn> Columns { get; } =
    [
        new(IntentSeq, TraceColumnType.Int64, false, "dense from 0 in the order the replayer issued intents"),
        new(Kind, TraceColumnType.Int8, false, "0 read, 1 write, 2 flush, 3 durable-ordered write, 4 discard"),
        new(Sector, TraceColumnType.Int64, false, "first 512-byte sector (0 for flush)"),
        new(NrSectors, TraceColumnType.Int32, false, "length in sectors (0 for flush)"),
        new(Generation, TraceColumnType.Int64, false, "write generation stamped in every sector (kinds 1, 3; a rewritten cached block's for flushes); 0 otherwise"),
        new(IssueTsNs, TraceColumnType.Int64, false, "when the guest issued it (replay trace clock)"),
        new(DoneTsNs, TraceColumnType.Int64, true, "when the guest was told it completed (null: never)"),
        new(GuestStatus, TraceColumnType.Int16, true, "what the guest was told (0 OK, -1 error, -2 not supported)"),
        new(RingIds, TraceColumnType.Binary, true, "frontend request ids sent for it, uint64 LE concatenated, in issue order"),
        new(Note, TraceColumnType.String, true, "short strategy note"),
    ];
}
