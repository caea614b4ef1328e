namespace BlkTrace.Interop;

/// <summary>What a conversion did: the import (when the input was foreign) and the export (when the output is).</summary>
/// <param name="From">The input format.</param>
/// <param name="To">The output format.</param>
/// <param name="Import">The import report, or null when the input was a trace.</param>
/// <param name="Export">The export report, or null when the output is a trace.</param>
public sealed record ConvertResult(TraceFormat From, TraceFormat To, ImportReport? Import, ExportReport? Export);
