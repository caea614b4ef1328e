using BlkTrace.Interop.Blktrace;
using BlkTrace.Interop.Csv;
using BlkTrace.Interop.Fio;
using BlkTrace.Interop.NetTrace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Interop;

/// <summary>
/// <c>blkt convert</c>'s engine: a foreign input is imported into a trace, a trace is exported to a
/// foreign output, and foreign-to-foreign goes through a temporary trace beside the output. Any
/// problem with the input is an <see cref="InvalidDataException"/> whose one-line message names the
/// file; a problem with the request (formats, names) is an <see cref="ArgumentException"/>.
/// </summary>
public static class TraceConverter
{
    /// <summary>Converts <paramref name="input"/> to <paramref name="output"/>.</summary>
    public static ConvertResult Convert(string input, string output, ConvertOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ConvertOptions();
        var from = options.From ?? FormatDetector.Detect(input);
        var to = options.To ?? FormatDetector.FromOutputName(output);
        if (to is TraceFormat.NetTrace or TraceFormat.AlibabaCsv or TraceFormat.TencentCsv)
        {
            throw new ArgumentException($"cannot write {FormatDetector.Name(to)} (outputs: parquet, blktrace, fio, msr)");
        }

        if (from == TraceFormat.Parquet && to == TraceFormat.Parquet)
        {
            throw new ArgumentException($"{input} is already a trace; name a foreign output (blktrace, fio, msr) or a foreign input");
        }

        if (from == TraceFormat.Parquet)
        {
            return new ConvertResult(from, to, null, Named(input, () => Export(input, output, to, options, cancel)));
        }

        if (to == TraceFormat.Parquet)
        {
            return new ConvertResult(from, to, Named(input, () => Import(input, output, from, options, cancel)), null);
        }

        string parent = Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".";
        string temp = Path.Combine(parent, ".blkt-convert-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var import = Named(input, () => Import(input, temp, from, options, cancel));
            var export = Export(temp, output, to, options, cancel);
            return new ConvertResult(from, to, import, export);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Imports a foreign file into a trace at <paramref name="output"/> (a directory or a <c>.parquet</c> file).</summary>
    public static ImportReport Import(string input, string output, TraceFormat from, ConvertOptions options, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        return from switch
        {
            TraceFormat.Blktrace => BlktraceImporter.ImportToTrace(BlktraceFiles.Resolve(input), output, options.Import, cancel),
            TraceFormat.FioIolog => FioIologImporter.ImportToTrace(input, output, options.Import, cancel),
            TraceFormat.MsrCsv or TraceFormat.AlibabaCsv or TraceFormat.TencentCsv => CsvImporter.ImportToTrace(input, output, from, options.Import, cancel),
            TraceFormat.NetTrace => NetTraceImporter.ImportToTrace(input, output, null, options.Import, cancel),
            _ => throw new ArgumentException($"cannot import {FormatDetector.Name(from)}"),
        };
    }

    /// <summary>Exports the trace at <paramref name="input"/> to a foreign <paramref name="output"/>.</summary>
    public static ExportReport Export(string input, string output, TraceFormat to, ConvertOptions options, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        string first = to == TraceFormat.Blktrace ? BlktraceExporter.OutputPrefix(output) + ".blktrace.0" : output;
        if (to is TraceFormat.FioIolog or TraceFormat.MsrCsv or TraceFormat.Blktrace && (File.Exists(first) || Directory.Exists(first)))
        {
            throw new IOException($"{first}: already exists; convert to a new name");
        }

        return to switch
        {
            TraceFormat.Blktrace => BlktraceExporter.ExportTrace(input, output, options.Blktrace, cancel),
            TraceFormat.FioIolog => FioIologExporter.ExportTrace(input, output, options.Fio, cancel),
            TraceFormat.MsrCsv => MsrCsvExporter.ExportTrace(input, output, start: StartOf(input), cancel: cancel),
            _ => throw new ArgumentException($"cannot export to {FormatDetector.Name(to)}"),
        };
    }

    private static DateTimeOffset? StartOf(string trace)
    {
        using var reader = TraceReader.Open(trace, Trace.TraceColumns.Seq);
        return reader.Metadata.CaptureStartUtc;
    }

    /// <summary>Makes sure a bad-input message names the input file.</summary>
    private static T Named<T>(string input, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (InvalidDataException e) when (!e.Message.Contains(Path.GetFileName(Path.TrimEndingDirectorySeparator(input)), StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{input}: {e.Message}", e);
        }
    }
}
