using System.Globalization;
using System.Text;
using BlkTrace.Trace;

namespace BlkTrace.Interop.Fio;

/// <summary>
/// Imports a fio iolog (version 2 or 3) into request rows. An iolog records what fio issues, not when
/// it completes, so the trace has no response rows (<see cref="ImportReport.HasCompletions"/> false).
/// </summary>
/// <remarks>
/// Actions: <c>read</c>→READ, <c>write</c>→WRITE, <c>sync</c> and <c>datasync</c>→0-segment
/// FLUSH_DISKCACHE, <c>trim</c>→DISCARD; offsets and lengths in bytes become sectors. Timing: v3
/// lines carry µs since the job started; v2 time advances by each <c>wait</c>, relative µs, kept as
/// written although fio ignores waits under 100 µs. Both spellings of a wait are read:
/// <c>FILE wait USEC</c> (spec/formats.md) and <c>FILE wait USEC LENGTH</c> (fio's HOWTO). Note that
/// fio 3.33 itself rejects the short form ("bad iolog2") and sleeps until USEC <em>milliseconds</em>
/// since the job started on the long one, so a timed replay in fio needs v3. Each file a log adds is a queue, in order of
/// appearance. <c>add</c>/<c>open</c>/<c>close</c> lines are ignored (counted); lines fio would
/// reject (bad numbers, unknown actions, <c>wait</c> in v3) are skipped and counted as warnings.
/// </remarks>
public static class FioIologImporter
{
    /// <summary>The first line of a version 2 log.</summary>
    public const string HeaderV2 = "fio version 2 iolog";

    /// <summary>The first line of a version 3 log.</summary>
    public const string HeaderV3 = "fio version 3 iolog";

    /// <summary>Imports <paramref name="path"/> into <paramref name="sink"/>.</summary>
    public static ImportReport Import(string path, ITraceRowSink sink, ImportOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new ImportOptions();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: false, 1 << 16);
        string header = (reader.ReadLine() ?? string.Empty).Trim();
        var version = header switch
        {
            HeaderV2 => FioIologVersion.V2,
            HeaderV3 => FioIologVersion.V3,
            _ => throw new InvalidDataException($"{path}: not a fio iolog (the first line must be '{HeaderV2}' or '{HeaderV3}')"),
        };
        var report = new ImportReport(version == FioIologVersion.V2 ? "fio-iolog-v2" : "fio-iolog-v3", [path]) { HasCompletions = false };
        var rows = new ImportRowBuilder(sink, report, options.Fua);
        var files = new Dictionary<string, int>(StringComparer.Ordinal);
        long timeNs = 0;
        long lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            report.SourceEvents++;
            if ((lineNo & 0xffff) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                options.Progress?.Invoke(stream.Position);
            }

            if (!Line(line, version, rows, report, files, ref timeNs))
            {
                report.Warn(ImportWarnings.SkippedLines);
            }
        }

        report.QueueAssignment = string.Join(';', files.OrderBy(f => f.Value).Select(f => f.Value.ToString(CultureInfo.InvariantCulture) + "=" + f.Key));
        return report;
    }

    /// <summary>Imports into a new trace directory (or a single <c>.parquet</c> file).</summary>
    public static ImportReport ImportToTrace(string path, string output, ImportOptions? options = null, CancellationToken cancel = default) =>
        TraceOutput.Write(output, new TraceMetadata { Clock = "fio-iolog" }, sink => Import(path, sink, options, cancel));

    /// <summary>Handles one line; false when it is malformed.</summary>
    private static bool Line(string line, FioIologVersion version, ImportRowBuilder rows, ImportReport report, Dictionary<string, int> files, ref long timeNs)
    {
        Span<Range> parts = stackalloc Range[7];
        var text = line.AsSpan().Trim();
        if (text.IsEmpty)
        {
            report.IgnoredEvents++;
            return true;
        }

        int n = text.SplitAny(parts, " \t", StringSplitOptions.RemoveEmptyEntries);
        int first = 0;
        if (version == FioIologVersion.V3)
        {
            if (n < 3 || !ulong.TryParse(text[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out ulong us))
            {
                return false;
            }

            timeNs = us > long.MaxValue / 1000 ? long.MaxValue : (long)us * 1000;
            first = 1;
        }

        if (n - first is not (2 or 3 or 4))
        {
            return false;
        }

        string file = text[parts[first]].ToString();
        var action = text[parts[first + 1]];
        if (n - first == 3)
        {
            // formats.md's short form `FILE wait USEC`; the HOWTO's long form carries a length fio ignores.
            if (version != FioIologVersion.V2 || action is not "wait" ||
                !ulong.TryParse(text[parts[first + 2]], NumberStyles.None, CultureInfo.InvariantCulture, out ulong wait))
            {
                return false;
            }

            Wait(wait, report, ref timeNs);
            return true;
        }

        if (n - first == 2)
        {
            if (action is "add" or "open" or "close")
            {
                Queue(files, file);
                report.IgnoredEvents++;
                return true;
            }

            if (action is "sync" or "datasync")
            {
                rows.Request(timeNs, Queue(files, file), BlockOp.Flush, 0, 0);
                return true;
            }

            return false;
        }

        if (!ulong.TryParse(text[parts[first + 2]], NumberStyles.None, CultureInfo.InvariantCulture, out ulong offset) ||
            !ulong.TryParse(text[parts[first + 3]], NumberStyles.None, CultureInfo.InvariantCulture, out ulong length))
        {
            return false;
        }

        BlockOp op;
        switch (action)
        {
            case "read":
                op = BlockOp.Read;
                break;
            case "write":
                op = BlockOp.Write;
                break;
            case "trim":
                op = BlockOp.Discard;
                break;
            case "sync" or "datasync":
                rows.Request(timeNs, Queue(files, file), BlockOp.Flush, 0, 0);
                return true;
            case "wait" when version == FioIologVersion.V2:
                Wait(offset, report, ref timeNs);
                return true;
            default:
                return false;
        }

        rows.Request(timeNs, Queue(files, file), op, rows.SectorFromOffset(offset), rows.SectorsFromBytes(length));
        return true;
    }

    /// <summary>Advances v2 time by a relative <c>wait</c> in µs (saturating: a corrupt value must not wrap).</summary>
    private static void Wait(ulong us, ImportReport report, ref long timeNs)
    {
        timeNs = us > (ulong)(long.MaxValue - timeNs) / 1000 ? long.MaxValue : timeNs + ((long)us * 1000);
        report.IgnoredEvents++;
    }

    private static int Queue(Dictionary<string, int> files, string file)
    {
        if (!files.TryGetValue(file, out int q))
        {
            q = files.Count;
            files[file] = q;
        }

        return q;
    }
}
