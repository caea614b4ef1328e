using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Interop;

/// <summary>
/// Writes an imported trace: to a directory of segments, or to one <c>.parquet</c> file. Either way
/// the import lands in a single segment (a conversion has no crash window to bound, and one footer
/// then carries the whole import report), written under a temporary name and renamed when complete.
/// Parquet encoding runs on a second thread (<see cref="PipelinedWriterSink"/>).
/// </summary>
public static class TraceOutput
{
    /// <summary>
    /// Rows per row group of an imported trace: small enough that encoding overlaps the import
    /// (a row group is encoded when it fills), large enough that readers decode in long runs.
    /// </summary>
    public const int RowGroupRows = 1 << 18;

    /// <summary>
    /// Runs <paramref name="import"/> against a writer at <paramref name="output"/> (a path ending in
    /// <c>.parquet</c> is a single file; anything else a directory), then seals it with the report in
    /// its metadata. On failure nothing is left behind.
    /// </summary>
    public static ImportReport Write(string output, TraceMetadata metadata, Func<ITraceRowSink, ImportReport> import)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(import);
        bool singleFile = output.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        string full = Path.GetFullPath(output);
        if (singleFile && (File.Exists(full) || Directory.Exists(full)))
        {
            throw new IOException($"{output}: already exists; convert to a new name");
        }

        string directory = singleFile ? full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : full;
        bool existed = Directory.Exists(directory);
        var options = new TraceWriterOptions
        {
            BaseName = singleFile ? Path.GetFileNameWithoutExtension(full) : null,
            MaxSegmentRows = long.MaxValue,
            MaxSegmentAge = null,
            RowGroupRows = RowGroupRows,

            // A conversion can be run again from its input: no fsync (the rename still makes it all-or-nothing).
            Durable = false,
        };
        var writer = new TraceWriter(directory, metadata with { Writer = metadata.Writer ?? "blkt convert" }, options);
        ImportReport report;
        var sink = new PipelinedWriterSink(writer);
        try
        {
            report = import(sink);
            sink.Complete();
            writer.Metadata = report.ApplyTo(writer.Metadata);
            writer.Complete();
        }
        catch
        {
            sink.Dispose();
            writer.Abort();
            if (!existed)
            {
                TryDelete(directory);
            }

            throw;
        }

        sink.Dispose();
        if (singleFile)
        {
            File.Move(writer.SealedSegments[0].Path, full);
            TryDelete(directory);
        }

        return report;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
