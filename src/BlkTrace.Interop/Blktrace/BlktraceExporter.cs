using System.Globalization;
using BlkTrace.Trace;

namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// Writes a trace as blktrace v7, one file per queue (<c>NAME.blktrace.Q</c>, the queue as the CPU),
/// so blkparse and btt read it as they read a kernel capture.
/// </summary>
/// <remarks>
/// Mapping (spec/formats.md): READ→R, WRITE→W, WRITE_BARRIER with data→FWFS (preflush+FUA),
/// a 0-segment WRITE_BARRIER or FLUSH_DISKCACHE→FN (READ bit, 0 bytes), FLUSH_DISKCACHE with
/// data→FWS, DISCARD→D; INDIRECT by its inner op. A request row writes Q (G, I), D at its time; its
/// response row writes C with the same sector, size and direction, and <c>error</c> = −errno (0 OKAY,
/// −95 EOPNOTSUPP, −5 otherwise) in 16 bits, as the kernel stores it. Store-flush rows, responses
/// whose request is not in the trace and ops no kernel has are left out and counted.
/// </remarks>
public static class BlktraceExporter
{
    /// <summary>The file prefix an output path names: <c>x.blktrace.0</c> and <c>x.blktrace</c> both name <c>x</c>.</summary>
    public static string OutputPrefix(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string name = Path.GetFileName(output);
        string? capture = BlktraceFiles.CaptureName(name);
        if (capture is not null)
        {
            return Path.Combine(Path.GetDirectoryName(output) ?? string.Empty, capture);
        }

        return output.EndsWith(".blktrace", StringComparison.Ordinal) ? output[..^".blktrace".Length] : output;
    }

    /// <summary>Exports the trace at <paramref name="tracePath"/> to files named after <paramref name="output"/>.</summary>
    public static ExportReport ExportTrace(string tracePath, string output, BlktraceExportOptions? options = null, CancellationToken cancel = default) =>
        Export(TraceRows.Read(tracePath, cancel), output, options);

    /// <summary>Exports rows (in trace order) to files named after <paramref name="output"/>; refuses to overwrite.</summary>
    public static ExportReport Export(IEnumerable<RingEvent> rows, string output, BlktraceExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new BlktraceExportOptions();
        string prefix = OutputPrefix(output);
        var report = new ExportReport { Format = BlktraceImporter.FormatName };
        var writers = new Dictionary<int, BlktraceFileWriter>();
        var inFlight = new Dictionary<(short Queue, ulong Id), Pending>();
        uint device = BlktraceRecord.MakeDevice(options.Major, options.Minor);
        bool ok = false;
        try
        {
            foreach (var row in rows)
            {
                switch (row.Kind)
                {
                    case RingEventKind.Request:
                        report.Requests++;
                        Request(row, Writer(row.Queue), inFlight, options, report);
                        break;
                    case RingEventKind.Response:
                        report.Responses++;
                        if (inFlight.Remove((row.Queue, row.Id), out var p))
                        {
                            ushort error = (ushort)(-BlockOpMapping.ErrnoFromStatus(row.Status ?? Protocol.Blkif.BlkifStatus.Error));
                            Emit(Writer(row.Queue), report, BlktraceAction.Complete, BlktraceCategory.Complete, p.Categories, row.TsNs, p.Sector, p.Bytes, error);
                        }
                        else
                        {
                            report.Skip(ExportSkips.UnpairedResponses);
                        }

                        break;
                    case RingEventKind.StoreFlush:
                        report.Skip(ExportSkips.StoreFlushRows);
                        break;
                    default:
                        report.Skip(ExportSkips.UnknownKinds);
                        break;
                }
            }

            ok = true;
        }
        finally
        {
            foreach (var w in writers.Values)
            {
                w.Dispose();
            }

            if (!ok)
            {
                foreach (var w in writers.Values)
                {
                    File.Delete(w.Path);
                }
            }
        }

        report.Files.AddRange(writers.OrderBy(w => w.Key).Select(w => w.Value.Path));
        return report;

        BlktraceFileWriter Writer(short queue)
        {
            int q = Math.Max((int)queue, 0);
            if (!writers.TryGetValue(q, out var w))
            {
                string path = string.Create(CultureInfo.InvariantCulture, $"{prefix}.blktrace.{q}");
                w = new BlktraceFileWriter(path, (uint)q, device, options.Pid);
                writers[q] = w;
                w.WriteProcessName(options.ProcessName);
            }

            return w;
        }
    }

    /// <summary>The category bits of a block operation: the direction and flag bits blkparse prints as rwbs.</summary>
    public static BlktraceCategory Categories(BlockOp op) => op switch
    {
        BlockOp.Read => BlktraceCategory.Read,
        BlockOp.Write => BlktraceCategory.Write,
        BlockOp.Flush => BlktraceCategory.Read | BlktraceCategory.Flush,
        BlockOp.PreflushWrite => BlktraceCategory.Write | BlktraceCategory.Flush | BlktraceCategory.Sync,
        BlockOp.FuaWrite => BlktraceCategory.Write | BlktraceCategory.Fua | BlktraceCategory.Sync,
        BlockOp.PreflushFuaWrite => BlktraceCategory.Write | BlktraceCategory.Flush | BlktraceCategory.Fua | BlktraceCategory.Sync,
        BlockOp.Discard => BlktraceCategory.Write | BlktraceCategory.Discard,
        _ => BlktraceCategory.None,
    };

    private static void Request(in RingEvent row, BlktraceFileWriter w, Dictionary<(short, ulong), Pending> inFlight, BlktraceExportOptions options, ExportReport report)
    {
        if (BlockOpMapping.FromRow(row) is not { } op)
        {
            report.Skip(ExportSkips.UnexportableOps);
            return;
        }

        long bytes = op == BlockOp.Flush ? 0 : Math.Max(0L, (long)row.NrSectors) * 512;
        var pending = new Pending(row.Sector, bytes > uint.MaxValue ? uint.MaxValue : (uint)bytes, Categories(op));
        inFlight[(row.Queue, row.Id)] = pending;
        Emit(w, report, BlktraceAction.Queue, BlktraceCategory.Queue, pending.Categories, row.TsNs, pending.Sector, pending.Bytes, 0);
        if (options.Events == BlktraceEventSet.Full)
        {
            Emit(w, report, BlktraceAction.GetRequest, BlktraceCategory.Queue, pending.Categories, row.TsNs, pending.Sector, pending.Bytes, 0);
            Emit(w, report, BlktraceAction.Insert, BlktraceCategory.Queue, pending.Categories, row.TsNs, pending.Sector, pending.Bytes, 0);
        }

        Emit(w, report, BlktraceAction.Issue, BlktraceCategory.Issue, pending.Categories, row.TsNs, pending.Sector, pending.Bytes, 0);
    }

    private static void Emit(BlktraceFileWriter w, ExportReport report, BlktraceAction action, BlktraceCategory actionCategory, BlktraceCategory categories, long ts, ulong sector, uint bytes, ushort error)
    {
        w.Write(action, actionCategory | categories, (ulong)Math.Max(ts, 0), sector, bytes, error);
        report.Count(Letter(action));
    }

    private static string Letter(BlktraceAction action) => action switch
    {
        BlktraceAction.Queue => "Q",
        BlktraceAction.GetRequest => "G",
        BlktraceAction.Insert => "I",
        BlktraceAction.Issue => "D",
        BlktraceAction.Complete => "C",
        _ => action.ToString(),
    };

    private readonly record struct Pending(ulong Sector, uint Bytes, BlktraceCategory Categories);
}
