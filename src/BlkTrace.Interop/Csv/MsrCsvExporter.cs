using System.Globalization;
using System.Text;
using BlkTrace.Trace;

namespace BlkTrace.Interop.Csv;

/// <summary>
/// Writes a trace as MSR Cambridge CSV (no header line, as the original files):
/// <c>Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime</c>, one line per completed READ or
/// WRITE, in request order.
/// </summary>
/// <remarks>
/// MSR has no flushes, barriers or discards: those requests are left out and counted, as are requests
/// that never completed (MSR needs a response time). Timestamp is <paramref name="start"/> as Windows
/// FILETIME plus ts_ns in 100-ns ticks; DiskNumber is the queue; ResponseTime is response − request in
/// ticks. A line waits until every earlier request has completed, so memory holds the requests in flight.
/// </remarks>
public static class MsrCsvExporter
{
    /// <summary>Exports the trace at <paramref name="tracePath"/> to <paramref name="output"/>.</summary>
    public static ExportReport ExportTrace(string tracePath, string output, string hostname = "blkt", DateTimeOffset? start = null, CancellationToken cancel = default) =>
        Export(TraceRows.Read(tracePath, cancel), output, hostname, start);

    /// <summary>Exports rows (in trace order) to <paramref name="output"/> (refuses to overwrite).</summary>
    public static ExportReport Export(IEnumerable<RingEvent> rows, string output, string hostname = "blkt", DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        if (hostname.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException($"MSR hostname '{hostname}' must not contain a comma", nameof(hostname));
        }

        long baseTicks = start?.UtcDateTime.ToFileTimeUtc() ?? 0;
        var report = new ExportReport { Format = "msr-csv" };
        var order = new Queue<Line>();
        var open = new Dictionary<(short Queue, ulong Id), Line>();
        bool ok = false;
        var stream = new FileStream(output, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        try
        {
            using (var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
            {
                foreach (var row in rows)
                {
                    switch (row.Kind)
                    {
                        case RingEventKind.Request:
                            report.Requests++;
                            var op = BlockOpMapping.FromRow(row);
                            if (op is not (BlockOp.Read or BlockOp.Write))
                            {
                                report.Skip(op is null ? ExportSkips.UnexportableOps : "flush_or_discard_requests");
                                break;
                            }

                            var line = new Line { Queue = row.Queue, Read = op == BlockOp.Read, Offset = row.Sector * 512, Size = Math.Max(0L, (long)row.NrSectors) * 512, TsNs = row.TsNs };
                            open[(row.Queue, row.Id)] = line;
                            order.Enqueue(line);
                            break;
                        case RingEventKind.Response:
                            report.Responses++;
                            if (open.Remove((row.Queue, row.Id), out var done))
                            {
                                done.DoneNs = row.TsNs;
                            }
                            else
                            {
                                report.Skip(ExportSkips.UnpairedResponses);
                            }

                            Drain(order, w, hostname, baseTicks, report, all: false);
                            break;
                        case RingEventKind.StoreFlush:
                            report.Skip(ExportSkips.StoreFlushRows);
                            break;
                        default:
                            report.Skip(ExportSkips.UnknownKinds);
                            break;
                    }
                }

                Drain(order, w, hostname, baseTicks, report, all: true);
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

    private static void Drain(Queue<Line> order, StreamWriter w, string hostname, long baseTicks, ExportReport report, bool all)
    {
        while (order.TryPeek(out var head) && (head.DoneNs >= 0 || all))
        {
            order.Dequeue();
            if (head.DoneNs < 0)
            {
                report.Skip("incomplete_requests");
                continue;
            }

            long ticks = baseTicks + (head.TsNs / 100);
            long response = Math.Max(0, (head.DoneNs - head.TsNs) / 100);
            w.Write(string.Create(CultureInfo.InvariantCulture, $"{ticks},{hostname},{head.Queue},{(head.Read ? "Read" : "Write")},{head.Offset},{head.Size},{response}\n"));
            report.Count(head.Read ? "Read" : "Write");
        }
    }

    private sealed class Line
    {
        public short Queue;
        public bool Read;
        public ulong Offset;
        public long Size;
        public long TsNs;
        public long DoneNs = -1;
    }
}
