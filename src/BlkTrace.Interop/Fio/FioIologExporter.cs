using System.Globalization;
using System.Text;
using BlkTrace.Trace;

namespace BlkTrace.Interop.Fio;

/// <summary>
/// Writes a trace's requests as a fio iolog that <c>fio --read_iolog</c> replays.
/// </summary>
/// <remarks>
/// fio has no FUA and no preflush, so ordered-durable requests are spelled out with explicit syncs,
/// keeping their data (fio's own blktrace import drops a preflush write's data, fio issue 1978):
/// READ→<c>read</c>, WRITE→<c>write</c>, an empty flush (0-segment FLUSH_DISKCACHE or
/// WRITE_BARRIER)→one <see cref="FioExportOptions.FlushAction"/>, FLUSH_DISKCACHE with data
/// (preflush write)→sync then <c>write</c>, WRITE_BARRIER with data (preflush+FUA)→sync,
/// <c>write</c>, sync, DISCARD→<c>trim</c>; INDIRECT by its inner op. Responses, store-flush rows and
/// ops fio cannot express are left out and counted. Times are each request's ts_ns in µs. In v3 they
/// are written plus 1 µs: fio ignores the gap before the first action after a timestamp of 0
/// (<c>delay_since_ttime</c> treats a last timestamp of 0 as "none"), which would lose the second
/// request's delay. In v2 the gaps are <c>wait</c> lines in spec/formats.md's short form
/// <c>FILE wait USEC</c>, computed from absolute times so rounding never accumulates. fio 3.33 skips
/// that form ("bad iolog2") and reads the HOWTO's long form <c>FILE wait USEC LENGTH</c> as "sleep
/// until USEC ms after start" (1000× too long), so a v2 export replays untimed in fio: v3 is the
/// default for a reason.
/// </remarks>
public static class FioIologExporter
{
    /// <summary>Exports the trace at <paramref name="tracePath"/> to the iolog <paramref name="output"/>.</summary>
    public static ExportReport ExportTrace(string tracePath, string output, FioExportOptions? options = null, CancellationToken cancel = default) =>
        Export(TraceRows.Read(tracePath, cancel), output, options);

    /// <summary>Exports rows (in trace order) to the iolog <paramref name="output"/> (refuses to overwrite).</summary>
    public static ExportReport Export(IEnumerable<RingEvent> rows, string output, FioExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new FioExportOptions();
        if (options.FlushAction is not ("sync" or "datasync"))
        {
            throw new ArgumentException($"fio flush action '{options.FlushAction}' is not sync or datasync", nameof(options));
        }

        if (options.FileName.Any(char.IsWhiteSpace) || options.FileName.Length == 0)
        {
            throw new ArgumentException($"fio file name '{options.FileName}' must be non-empty without spaces (fio reads it with %s)", nameof(options));
        }

        bool v3 = options.Version == FioIologVersion.V3;
        var report = new ExportReport { Format = v3 ? "fio-iolog-v3" : "fio-iolog-v2" };
        bool ok = false;
        var stream = new FileStream(output, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        try
        {
            using (var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
            {
                var log = new Log(w, options, report, v3);
                log.Header();
                foreach (var row in rows)
                {
                    log.Row(row);
                }

                log.End();
            }

            ok = true;
        }
        finally
        {
            stream.Dispose();
            if (!ok)
            {
                File.Delete(output);
            }
        }

        report.Files.Add(output);
        return report;
    }

    private sealed class Log(StreamWriter w, FioExportOptions options, ExportReport report, bool v3)
    {
        private readonly string _file = options.FileName;
        private long _lastUs;

        public void Header()
        {
            w.Write(v3 ? FioIologImporter.HeaderV3 : FioIologImporter.HeaderV2);
            w.Write('\n');
            FileAction("add", 0);
            FileAction("open", 0);
        }

        public void End() => FileAction("close", _lastUs + 1);

        public void Row(in RingEvent row)
        {
            switch (row.Kind)
            {
                case RingEventKind.Request:
                    report.Requests++;
                    Request(row);
                    break;
                case RingEventKind.Response:
                    report.Responses++;
                    report.Skip(ExportSkips.Responses);
                    break;
                case RingEventKind.StoreFlush:
                    report.Skip(ExportSkips.StoreFlushRows);
                    break;
                default:
                    report.Skip(ExportSkips.UnknownKinds);
                    break;
            }
        }

        private void Request(in RingEvent row)
        {
            if (BlockOpMapping.FromRow(row) is not { } op)
            {
                report.Skip(ExportSkips.UnexportableOps);
                return;
            }

            long us = Math.Max(row.TsNs, 0) / 1000;
            ulong offset = row.Sector * 512;
            long length = Math.Max(0L, (long)row.NrSectors) * 512;
            switch (op)
            {
                case BlockOp.Read:
                    Io(us, "read", offset, length);
                    break;
                case BlockOp.Write or BlockOp.FuaWrite:
                    Io(us, "write", offset, length);
                    break;
                case BlockOp.Flush:
                    Io(us, options.FlushAction, 0, 0);
                    break;
                case BlockOp.PreflushWrite:
                    Io(us, options.FlushAction, 0, 0);
                    Io(us, "write", offset, length);
                    break;
                case BlockOp.PreflushFuaWrite:
                    Io(us, options.FlushAction, 0, 0);
                    Io(us, "write", offset, length);
                    Io(us, options.FlushAction, 0, 0);
                    break;
                case BlockOp.Discard:
                    Io(us, "trim", offset, length);
                    break;
            }
        }

        private void Io(long us, string action, ulong offset, long length)
        {
            if (v3)
            {
                w.Write((us + 1).ToString(CultureInfo.InvariantCulture));
                w.Write(' ');
                _lastUs = us;
            }
            else if (us > _lastUs)
            {
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{_file} wait {us - _lastUs}\n"));
                report.Count("wait");
                _lastUs = us;
            }

            w.Write(string.Create(CultureInfo.InvariantCulture, $"{_file} {action} {offset} {length}\n"));
            report.Count(action);
        }

        private void FileAction(string action, long ttime)
        {
            w.Write(v3 ? string.Create(CultureInfo.InvariantCulture, $"{ttime} {_file} {action}\n") : $"{_file} {action}\n");
        }
    }
}
