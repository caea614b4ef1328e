using System.CommandLine;
using System.Globalization;
using System.Text;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt inspect TRACE...</c>: what a trace is — schema, metadata, segments, counts by kind, op
/// and status, seq continuity — and its first rows. TRACE is a file, a directory of segments, or
/// several of either (read in the order given).
/// </summary>
public static class InspectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var traces = new Argument<string[]>("TRACE") { Description = "a trace file, a directory of segments, or a list of segments", Arity = ArgumentArity.OneOrMore };
        var rows = CliOptions.Int("--rows", "how many first rows to print", 10, 0, 1_000_000);
        var command = new Command("inspect", "Show a trace's schema, metadata, segments, counts by kind, op and status, and first rows.") { traces, rows };
        command.SetAction((parse, cancel) =>
        {
            string text = Describe(parse.GetValue(traces)!, parse.GetValue(rows), cancel);
            Console.Out.Write(text);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>The whole report as text (invariant culture).</summary>
    public static string Describe(IReadOnlyList<string> paths, int firstRows, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var reader = TraceReader.Open(paths);
        var o = new StringBuilder();
        long bytes = reader.Segments.Sum(s => s.Bytes);
        Line(o, $"trace: {string.Join(' ', paths)}");
        Line(o, $"  {reader.Segments.Count} segment(s), {reader.RowCount:N0} rows, {bytes:N0} bytes ({(reader.RowCount > 0 ? (double)bytes / reader.RowCount : 0):0.00} B/row)");

        Line(o, string.Empty);
        Line(o, $"schema v{reader.Metadata.SchemaVersion}:");
        foreach (var c in TraceSchema.Columns)
        {
            Line(o, $"  {c.Name,-12} {c.Type,-7} {(c.Nullable ? "null" : "    ")}  {c.Meaning}");
        }

        Line(o, string.Empty);
        Line(o, "metadata (last segment):");
        foreach (var (key, value) in reader.Metadata.ToKeyValues().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Line(o, $"  {key} = {value}");
        }

        Line(o, string.Empty);
        Line(o, "segments:");
        foreach (var s in reader.Segments)
        {
            Line(o, $"  {Path.GetFileName(s.Path),-28} {s.Rows,12:N0} rows {s.RowGroups,4} row group(s) {s.Bytes,14:N0} bytes  dropped {s.Metadata.DroppedEvents:N0}");
        }

        var summary = Scan(paths, cancel);
        Line(o, string.Empty);
        Line(o, summary.Rows == 0
            ? "seq: no rows"
            : summary.Gaps == 0 && summary.FirstSeq == 0
                ? $"seq: 0..{summary.LastSeq:N0}, dense"
                : $"seq: {summary.FirstSeq:N0}..{summary.LastSeq:N0}, {summary.Gaps:N0} gap(s) or step(s) out of order");
        Line(o, $"kinds: {summary.Kinds[0]:N0} request(s), {summary.Kinds[1]:N0} response(s), {summary.Kinds[2]:N0} store flush(es){(summary.Kinds[3] > 0 ? $", {summary.Kinds[3]:N0} of unknown kind" : string.Empty)}");

        Line(o, string.Empty);
        Line(o, $"requests by op:  {"count",12} {"sectors",16} {"indirect",10}");
        foreach (var (op, stat) in summary.Requests.OrderBy(kv => kv.Key))
        {
            Line(o, $"  {OpName(op),-15} {stat.Count,12:N0} {stat.Sectors,16:N0} {stat.Indirect,10:N0}");
        }

        Line(o, string.Empty);
        Line(o, $"responses by op: {"okay",12} {"error",10} {"eopnotsupp",10} {"other",8}");
        foreach (var (op, stat) in summary.Responses.OrderBy(kv => kv.Key))
        {
            Line(o, $"  {OpName(op),-15} {stat.Okay,12:N0} {stat.Error,10:N0} {stat.EOpNotSupp,10:N0} {stat.Other,8:N0}");
        }

        if (firstRows > 0)
        {
            Line(o, string.Empty);
            Line(o, $"first {Math.Min(firstRows, reader.RowCount):N0} row(s):");
            Line(o, $"  {"seq",8} {"ts_ns",14} {"kind",-11} {"queue",5} {"ring_idx",10} {"id",20} {"op",-15} {"nr_seg",6} {"handle",6} {"sector",14} {"nr_sect",8} {"status",-10} {"data_hash",20}  seg_layout");
            int printed = 0;
            while (printed < firstRows && reader.MoveNext())
            {
                var b = reader.Current;
                for (int i = 0; i < b.Count && printed < firstRows; i++, printed++)
                {
                    Line(o, "  " + FormatRow(b.GetRow(i)));
                }
            }
        }

        return o.ToString();
    }

    private static string FormatRow(in RingEvent r)
    {
        string op = r.IndirectOperation is { } inner ? $"{OpName((sbyte)r.Operation)}/{OpName((sbyte)inner)}" : OpName((sbyte)r.Operation);
        string kind = Enum.IsDefined(r.Kind) ? r.Kind.ToString() : ((int)r.Kind).ToString(CultureInfo.InvariantCulture);
        string status = r.Status is { } s ? (Enum.IsDefined(s) ? s.ToString() : ((int)s).ToString(CultureInfo.InvariantCulture)) : "-";
        string hash = r.DataHash is { } h ? h.ToString(CultureInfo.InvariantCulture) : "-";
        string layout = r.SegLayout is { } l ? Layout(l.Span) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Seq,8} {r.TsNs,14} {kind,-11} {r.Queue,5} {r.RingIndex,10} {r.Id,20} {op,-15} {r.NrSegments,6} {r.Handle,6} {r.Sector,14} {r.NrSectors,8} {status,-10} {hash,20}  {layout}");
    }

    private static string Layout(ReadOnlySpan<byte> bytes)
    {
        var o = new StringBuilder();
        int shown = Math.Min(bytes.Length / 2, 8);
        for (int i = 0; i < shown; i++)
        {
            o.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? " " : string.Empty)}{bytes[2 * i]}-{bytes[(2 * i) + 1]}");
        }

        if (bytes.Length / 2 > shown)
        {
            o.Append(CultureInfo.InvariantCulture, $" … ({bytes.Length / 2} segments)");
        }

        return bytes.IsEmpty ? "(none)" : o.ToString();
    }

    private static string OpName(sbyte op) =>
        Enum.IsDefined((BlkifOperation)(byte)op) ? ((BlkifOperation)(byte)op).ToString() : $"op {(byte)op}";

    private static void Line(StringBuilder o, string text) => o.Append(text).Append('\n');

    private static Summary Scan(IReadOnlyList<string> paths, CancellationToken cancel)
    {
        var summary = new Summary();
        using var reader = TraceReader.Open(paths, TraceColumns.Seq | TraceColumns.Kind | TraceColumns.Op | TraceColumns.IndirectOp | TraceColumns.NrSectors | TraceColumns.Status);
        long expected = -1;
        while (reader.MoveNext())
        {
            cancel.ThrowIfCancellationRequested();
            var b = reader.Current;
            var seq = b.Seq;
            var kind = b.Kind;
            var op = b.Op;
            var hasInner = b.HasIndirectOp;
            var sectors = b.NrSectors;
            var status = b.Status;
            var hasStatus = b.HasStatus;
            for (int i = 0; i < b.Count; i++)
            {
                if (summary.Rows == 0)
                {
                    summary.FirstSeq = seq[i];
                }
                else if (seq[i] != expected)
                {
                    summary.Gaps++;
                }

                expected = seq[i] + 1;
                summary.LastSeq = seq[i];
                summary.Rows++;
                sbyte o = (sbyte)op[i];
                switch (kind[i])
                {
                    case RingEventKind.Request:
                        summary.Kinds[0]++;
                        var rq = summary.Requests.TryGetValue(o, out var r) ? r : summary.Requests[o] = new RequestStat();
                        rq.Count++;
                        rq.Sectors += sectors[i];
                        rq.Indirect += hasInner[i] ? 1 : 0;
                        break;
                    case RingEventKind.Response:
                        summary.Kinds[1]++;
                        var rs = summary.Responses.TryGetValue(o, out var p) ? p : summary.Responses[o] = new ResponseStat();
                        switch (hasStatus[i] ? status[i] : (BlkifStatus)short.MinValue)
                        {
                            case BlkifStatus.Okay: rs.Okay++; break;
                            case BlkifStatus.Error: rs.Error++; break;
                            case BlkifStatus.EOpNotSupp: rs.EOpNotSupp++; break;
                            default: rs.Other++; break;
                        }

                        break;
                    case RingEventKind.StoreFlush:
                        summary.Kinds[2]++;
                        break;
                    default:
                        summary.Kinds[3]++;
                        break;
                }
            }
        }

        return summary;
    }

    private sealed class Summary
    {
        public long Rows { get; set; }

        public long FirstSeq { get; set; }

        public long LastSeq { get; set; }

        public long Gaps { get; set; }

        public long[] Kinds { get; } = new long[4];

        public Dictionary<sbyte, RequestStat> Requests { get; } = [];

        public Dictionary<sbyte, ResponseStat> Responses { get; } = [];
    }

    private sealed class RequestStat
    {
        public long Count { get; set; }

        public long Sectors { get; set; }

        public long Indirect { get; set; }
    }

    private sealed class ResponseStat
    {
        public long Okay { get; set; }

        public long Error { get; set; }

        public long EOpNotSupp { get; set; }

        public long Other { get; set; }
    }
}
