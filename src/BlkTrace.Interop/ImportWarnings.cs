namespace BlkTrace.Interop;

/// <summary>
/// Names of the things an import could not map exactly. Each is counted in
/// <see cref="ImportReport.Warnings"/> and written to the trace metadata as
/// <c>blktrace.import.warning.NAME</c>; nothing is dropped silently.
/// </summary>
public static class ImportWarnings
{
    /// <summary>A completion matched more than one outstanding request that looked the same; the oldest was taken.</summary>
    public const string AmbiguousPairs = "ambiguous_pairs";

    /// <summary>A completion matched no outstanding request (the trace began while it was in flight, or events were lost).</summary>
    public const string UnmatchedCompletions = "unmatched_completions";

    /// <summary>A request never completed within the trace; it has a request row and no response row.</summary>
    public const string IncompleteRequests = "incomplete_requests";

    /// <summary>A completion matched a request of the same direction at the same sector but a different size.</summary>
    public const string SizeMismatchPairs = "size_mismatch_pairs";

    /// <summary>A FUA write without preflush was recorded as WRITE_BARRIER (blkif has no FUA bit).</summary>
    public const string FuaAsBarrier = "fua_as_barrier";

    /// <summary>A FUA write without preflush was recorded as a plain WRITE, losing its durability.</summary>
    public const string FuaDropped = "fua_dropped";

    /// <summary>A byte count or offset that is not a whole number of 512-byte sectors (rounded outwards).</summary>
    public const string UnalignedSizes = "unaligned_sizes";

    /// <summary>An event earlier than the one before it; its time was raised to keep ts_ns monotonic.</summary>
    public const string TimeWentBackwards = "time_went_backwards";

    /// <summary>An event of a kind the schema cannot hold (SCSI passthrough, an unknown action or opcode).</summary>
    public const string UnmappedEvents = "unmapped_events";

    /// <summary>A response event whose status is neither OKAY, ERROR nor EOPNOTSUPP.</summary>
    public const string UnknownStatus = "unknown_status";

    /// <summary>A blkif op that no foreign format can express (reserved or unknown code) was left out of an export.</summary>
    public const string UnexportableOps = "unexportable_ops";

    /// <summary>Lines of a text format that could not be parsed and were skipped.</summary>
    public const string SkippedLines = "skipped_lines";

    /// <summary>Events missing from an EventPipe capture (sequence gaps or the runtime's lost-event count).</summary>
    public const string LostEvents = "lost_events";
}
