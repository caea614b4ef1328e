using BlkTrace.Interop.Blktrace;
using BlkTrace.Interop.Fio;

namespace BlkTrace.Interop;

/// <summary>Everything <see cref="TraceConverter.Convert"/> may be told.</summary>
public sealed record ConvertOptions
{
    /// <summary>The input format; null: detected (<see cref="FormatDetector.Detect"/>).</summary>
    public TraceFormat? From { get; init; }

    /// <summary>The output format; null: from the output name (<see cref="FormatDetector.FromOutputName"/>).</summary>
    public TraceFormat? To { get; init; }

    /// <summary>Import choices.</summary>
    public ImportOptions Import { get; init; } = new();

    /// <summary>blktrace export choices.</summary>
    public BlktraceExportOptions Blktrace { get; init; } = new();

    /// <summary>fio iolog export choices.</summary>
    public FioExportOptions Fio { get; init; } = new();
}
