namespace BlkTrace.Trace.Storage;

/// <summary>A sealed segment file.</summary>
/// <param name="Path">Its path.</param>
/// <param name="Index">Its number in the capture (0, 1, …).</param>
/// <param name="Rows">Rows in it.</param>
/// <param name="FirstSeq">Its first row's <c>seq</c>, null when empty.</param>
/// <param name="LastSeq">Its last row's <c>seq</c>, null when empty.</param>
public sealed record TraceSegment(string Path, int Index, long Rows, long? FirstSeq, long? LastSeq);
