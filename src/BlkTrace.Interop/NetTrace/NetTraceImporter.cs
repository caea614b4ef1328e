using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Diagnostics;
using Microsoft.Diagnostics.Tracing;

namespace BlkTrace.Interop.NetTrace;

/// <summary>
/// Imports the <c>BlkTrace-Ring</c> events of an EventPipe <c>.nettrace</c> file (written by
/// <c>blkt capture</c> or <c>dotnet-trace</c>) into schema-v1 rows, through TraceEvent's
/// <see cref="EventPipeEventSource"/>.
/// </summary>
/// <remarks>
/// EventPipe buffers per thread, so events of several ring threads arrive out of call order; the
/// provider's own dense <c>Seq</c> restores it. The importer therefore reads every event first
/// (memory grows with the capture, about 100 bytes an event), sorts by <c>Seq</c>, and writes rows
/// re-numbered from 0. Columns are the event's own fields (they follow schema v1); ts_ns is the
/// event's timestamp relative to the earliest one. Events missing from the capture, whether the
/// runtime reported them lost or <c>Seq</c> shows a gap, are counted in
/// <c>blktrace.dropped_events</c> (the larger of the two) and as a <see cref="ImportWarnings.LostEvents"/> warning.
/// Events of other providers are ignored (counted).
/// </remarks>
public static class NetTraceImporter
{
    /// <summary>The <see cref="ImportReport.SourceFormat"/>.</summary>
    public const string FormatName = "nettrace";

    /// <summary>Imports <paramref name="path"/> into <paramref name="sink"/>.</summary>
    public static ImportReport Import(string path, ITraceRowSink sink, ImportOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new ImportOptions();
        var report = new ImportReport(FormatName, [path]);
        var events = new List<Event>();
        long lost;
        try
        {
            using var source = new EventPipeEventSource(path);
            source.Dynamic.All += data =>
            {
                report.SourceEvents++;
                if (data.ProviderName != RingEventSource.ProviderName || !TryDecode(data, out var e))
                {
                    report.IgnoredEvents++;
                    return;
                }

                events.Add(e);
                if ((events.Count & 0xffff) == 0)
                {
                    cancel.ThrowIfCancellationRequested();
                }
            };
            source.Process();
            lost = source.EventsLost;
            if (source.SessionStartTime.Year > 1601)
            {
                report.CaptureStartUtc = new DateTimeOffset(source.SessionStartTime.ToUniversalTime());
            }
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException or InvalidDataException))
        {
            throw new InvalidDataException($"{path}: not a readable .nettrace file ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})", e);
        }

        events.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        long gaps = 0;
        for (int i = 1; i < events.Count; i++)
        {
            long step = events[i].Seq - events[i - 1].Seq;
            gaps += step > 1 ? step - 1 : 0;
        }

        long origin = events.Count > 0 ? events.Min(e => e.TimeNs) : 0;
        int queues = 0;
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var row = e.Row;
            row.Seq = i;
            row.TsNs = e.TimeNs - origin;
            sink.Append(row);
            queues = Math.Max(queues, row.Queue + 1);
            switch (row.Kind)
            {
                case RingEventKind.Request: report.Requests++; break;
                case RingEventKind.Response: report.Responses++; break;
            }
        }

        report.Queues = queues;
        report.DroppedEvents = Math.Max(lost, gaps);
        report.Warn(ImportWarnings.LostEvents, report.DroppedEvents);
        report.QueueAssignment = "ring queues as captured";
        return report;
    }

    /// <summary>Imports into a new trace directory (or a single <c>.parquet</c> file).</summary>
    public static ImportReport ImportToTrace(string path, string output, TraceMetadata? metadata = null, ImportOptions? options = null, CancellationToken cancel = default) =>
        TraceOutput.Write(output, (metadata ?? new TraceMetadata()) with { Clock = "eventpipe" }, sink => Import(path, sink, options, cancel));

    private static bool TryDecode(TraceEvent data, out Event e)
    {
        e = default;
        long time = (long)Math.Round(data.TimeStampRelativeMSec * 1_000_000.0);
        try
        {
            switch ((int)data.ID)
            {
                case RingEventSource.RequestEventId when data.PayloadNames.Length >= 14:
                    var op = (BlkifOperation)Convert.ToByte(data.PayloadValue(4), null);
                    bool hasLayout = Convert.ToBoolean(data.PayloadValue(10), null);
                    bool hasHash = Convert.ToBoolean(data.PayloadValue(12), null);
                    e = new Event(Convert.ToInt64(data.PayloadValue(0), null), time, new RingEvent
                    {
                        Kind = RingEventKind.Request,
                        Queue = Convert.ToInt16(data.PayloadValue(1), null),
                        RingIndex = Convert.ToUInt32(data.PayloadValue(2), null),
                        Id = Convert.ToUInt64(data.PayloadValue(3), null),
                        Operation = op,
                        IndirectOperation = op == BlkifOperation.Indirect ? (BlkifOperation)Convert.ToByte(data.PayloadValue(5), null) : null,
                        NrSegments = Convert.ToUInt16(data.PayloadValue(6), null),
                        Handle = Convert.ToUInt16(data.PayloadValue(7), null),
                        Sector = Convert.ToUInt64(data.PayloadValue(8), null),
                        NrSectors = Convert.ToInt32(data.PayloadValue(9), null),
                        SegLayout = hasLayout ? (data.PayloadValue(11) as byte[] ?? []) : null,
                        DataHash = hasHash ? Convert.ToInt64(data.PayloadValue(13), null) : null,
                    });
                    return true;
                case RingEventSource.ResponseEventId when data.PayloadNames.Length >= 6:
                    e = new Event(Convert.ToInt64(data.PayloadValue(0), null), time, new RingEvent
                    {
                        Kind = RingEventKind.Response,
                        Queue = Convert.ToInt16(data.PayloadValue(1), null),
                        RingIndex = Convert.ToUInt32(data.PayloadValue(2), null),
                        Id = Convert.ToUInt64(data.PayloadValue(3), null),
                        Operation = (BlkifOperation)Convert.ToByte(data.PayloadValue(4), null),
                        Status = (BlkifStatus)Convert.ToInt16(data.PayloadValue(5), null),
                    });
                    return true;
                case RingEventSource.StoreFlushEventId when data.PayloadNames.Length >= 3:
                    e = new Event(Convert.ToInt64(data.PayloadValue(0), null), time, new RingEvent
                    {
                        Kind = RingEventKind.StoreFlush,
                        Queue = Convert.ToInt16(data.PayloadValue(1), null),
                        Id = Convert.ToUInt64(data.PayloadValue(2), null),
                    });
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
        {
            return false;
        }
    }

    private readonly record struct Event(long Seq, long TimeNs, RingEvent Row);
}
