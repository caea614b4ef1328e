namespace BlkTrace.Interop;

/// <summary>Reasons an export leaves a row out (keys of <see cref="ExportReport.Skipped"/>).</summary>
public static class ExportSkips
{
    /// <summary>Store-flush rows (kind 2): the backend's own fdatasync; foreign formats have no such event.</summary>
    public const string StoreFlushRows = "store_flush_rows";

    /// <summary>A response whose request is not in the trace (the capture began while it was in flight).</summary>
    public const string UnpairedResponses = "unpaired_responses";

    /// <summary>A request with an op no foreign format can express.</summary>
    public const string UnexportableOps = ImportWarnings.UnexportableOps;

    /// <summary>Responses in a format that records none (fio iologs).</summary>
    public const string Responses = "responses";

    /// <summary>Rows of a kind this build does not know.</summary>
    public const string UnknownKinds = "unknown_kinds";
}
