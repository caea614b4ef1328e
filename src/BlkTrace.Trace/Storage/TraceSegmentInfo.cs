namespace BlkTrace.Trace.Storage;

/// <summary>What a reader learned from one segment's footer.</summary>
/// <param name="Path">The file.</param>
/// <param name="Rows">Rows in it.</param>
/// <param name="RowGroups">Row groups in it.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Metadata">Its key/value metadata, typed.</param>
public sealed record TraceSegmentInfo(string Path, long Rows, int RowGroups, long Bytes, TraceMetadata Metadata);
