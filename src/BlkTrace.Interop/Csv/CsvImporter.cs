using System.Globalization;
using System.Text;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;

namespace BlkTrace.Interop.Csv;

/// <summary>
/// Imports the public block-trace CSV layouts (spec/formats.md), with or without a header line.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>MSR Cambridge (<c>Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime</c>):
/// Timestamp in Windows FILETIME ticks (100 ns), Offset and Size in bytes, ResponseTime in ticks.
/// A request row at Timestamp, a response row (OKAY; MSR records no errors) at
/// Timestamp + ResponseTime, interleaved in time order. Queue = (Hostname, DiskNumber), in order of
/// appearance.</item>
/// <item>Alibaba 2020 (<c>device_id,opcode,offset,length,timestamp</c>): opcode R/W, bytes, µs.
/// Requests only. Queue = device_id.</item>
/// <item>Tencent CBS 2018 (<c>timestamp,offset,size,iotype,volume_id</c>): seconds, sectors,
/// sectors, 0 read / 1 write. Requests only. Queue = volume_id.</item>
/// </list>
/// None of them has flushes. Lines that do not parse are skipped and counted.
/// </remarks>
public static class CsvImporter
{
    private const long TicksToNs = 100;

    /// <summary>Imports <paramref name="path"/>; <paramref name="layout"/> null detects it from the first lines.</summary>
    public static ImportReport Import(string path, ITraceRowSink sink, TraceFormat? layout = null, ImportOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new ImportOptions();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, 1 << 16);
        string? line = reader.ReadLine();
        var detected = line is null ? null : CsvLayouts.Classify(line, out bool header) is { } l ? (l, header) : ((TraceFormat, bool)?)null;
        var format = layout ?? detected?.Item1
            ?? throw new InvalidDataException($"{path}: not an MSR, Alibaba or Tencent block-trace CSV (first line does not match any layout)");
        if (format is not (TraceFormat.MsrCsv or TraceFormat.AlibabaCsv or TraceFormat.TencentCsv))
        {
            throw new ArgumentException($"{format} is not a CSV layout", nameof(layout));
        }

        var report = new ImportReport(FormatName(format), [path]) { HasCompletions = format == TraceFormat.MsrCsv };
        var state = new State(new ImportRowBuilder(sink, report, options.Fua), report, format);
        if (detected is { Item2: true })
        {
            report.SourceEvents++;
            report.IgnoredEvents++;
            line = reader.ReadLine();
        }

        long n = 0;
        for (; line is not null; line = reader.ReadLine())
        {
            report.SourceEvents++;
            if (!state.Line(line))
            {
                report.Warn(ImportWarnings.SkippedLines);
            }

            if ((++n & 0xffff) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                options.Progress?.Invoke(stream.Position);
            }
        }

        state.Finish();
        if (report.Requests == 0 && report.Warning(ImportWarnings.SkippedLines) is long skipped and > 0)
        {
            // Every line was rejected: this is another layout (or not a block trace), not an empty trace.
            throw new InvalidDataException($"{path}: no line is a {FormatName(format)} record ({skipped} line(s) skipped); name the layout with --from (msr, alibaba, tencent)");
        }

        return report;
    }

    /// <summary>Imports into a new trace directory (or a single <c>.parquet</c> file).</summary>
    public static ImportReport ImportToTrace(string path, string output, TraceFormat? layout = null, ImportOptions? options = null, CancellationToken cancel = default) =>
        TraceOutput.Write(output, new TraceMetadata { Clock = "csv" }, sink => Import(path, sink, layout, options, cancel));

    /// <summary>The <see cref="ImportReport.SourceFormat"/> of a layout.</summary>
    public static string FormatName(TraceFormat layout) => layout switch
    {
        TraceFormat.MsrCsv => "msr-csv",
        TraceFormat.AlibabaCsv => "alibaba-csv",
        TraceFormat.TencentCsv => "tencent-csv",
        _ => layout.ToString(),
    };

    private sealed class State(ImportRowBuilder rows, ImportReport report, TraceFormat format)
    {
        private readonly Dictionary<string, int> _queues = new(StringComparer.Ordinal);
        private readonly PriorityQueue<ImportedRequest, (long Time, long Order)> _completions = new();
        private long _base = long.MinValue;
        private long _order;

        public bool Line(string line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                report.IgnoredEvents++;
                return true;
            }

            var f = CsvLayouts.Fields(line);
            return format switch
            {
                TraceFormat.MsrCsv => f.Length == 7 && Msr(f),
                TraceFormat.AlibabaCsv => f.Length == 5 && Alibaba(f),
                _ => f.Length == 5 && Tencent(f),
            };
        }

        public void Finish()
        {
            Drain(long.MaxValue);
            report.QueueAssignment = string.Join(';', _queues.OrderBy(q => q.Value).Select(q => q.Value.ToString(CultureInfo.InvariantCulture) + "=" + q.Key));
        }

        private static bool U64(string s, out ulong v) => ulong.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out v);

        private static long Scale(long relative, long factor) =>
            relative > long.MaxValue / factor ? long.MaxValue : relative < long.MinValue / factor ? long.MinValue : relative * factor;

        private bool Msr(string[] f)
        {
            string type = f[3].Trim();
            bool read = type.Equals("Read", StringComparison.OrdinalIgnoreCase);
            if ((!read && !type.Equals("Write", StringComparison.OrdinalIgnoreCase)) ||
                !U64(f[0], out ulong ticks) || !U64(f[4], out ulong offset) || !U64(f[5], out ulong size) || !U64(f[6], out ulong response) ||
                ticks > long.MaxValue || response > long.MaxValue)
            {
                return false;
            }

            long t = Relative((long)ticks, TicksToNs);
            Drain(t);
            var request = rows.Request(t, Queue(f[1].Trim() + "/" + f[2].Trim()), read ? BlockOp.Read : BlockOp.Write, rows.SectorFromOffset(offset), rows.SectorsFromBytes(size));
            long done = t > long.MaxValue - Scale((long)response, TicksToNs) ? long.MaxValue : t + Scale((long)response, TicksToNs);
            _completions.Enqueue(request, (done, _order++));
            return true;
        }

        private bool Alibaba(string[] f)
        {
            string op = f[1].Trim();
            bool read = op.Equals("R", StringComparison.OrdinalIgnoreCase);
            if ((!read && !op.Equals("W", StringComparison.OrdinalIgnoreCase)) ||
                !U64(f[2], out ulong offset) || !U64(f[3], out ulong length) || !U64(f[4], out ulong us) || us > long.MaxValue)
            {
                return false;
            }

            rows.Request(Relative((long)us, 1000), Queue(f[0].Trim()), read ? BlockOp.Read : BlockOp.Write, rows.SectorFromOffset(offset), rows.SectorsFromBytes(length));
            return true;
        }

        private bool Tencent(string[] f)
        {
            string io = f[3].Trim();
            if (io is not ("0" or "1") || !U64(f[0], out ulong seconds) || !U64(f[1], out ulong sector) || !U64(f[2], out ulong sectors) || seconds > long.MaxValue)
            {
                return false;
            }

            int n = sectors > int.MaxValue ? int.MaxValue : (int)sectors;
            rows.Request(Relative((long)seconds, 1_000_000_000), Queue(f[4].Trim()), io == "0" ? BlockOp.Read : BlockOp.Write, sector, n);
            return true;
        }

        /// <summary>Time relative to the first line, in ns: raw source values are too large to scale first (FILETIME × 100 overflows).</summary>
        private long Relative(long raw, long factor)
        {
            if (_base == long.MinValue)
            {
                _base = raw;
            }

            return Scale(raw - _base, factor);
        }

        private void Drain(long upTo)
        {
            while (_completions.TryPeek(out var request, out var key) && key.Time <= upTo)
            {
                _completions.Dequeue();
                rows.Response(key.Time, request, BlkifStatus.Okay);
            }
        }

        private int Queue(string key)
        {
            if (!_queues.TryGetValue(key, out int q))
            {
                q = _queues.Count;
                _queues[key] = q;
            }

            return q;
        }
    }
}
