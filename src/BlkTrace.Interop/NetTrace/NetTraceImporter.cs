using System.Buffers.Binary;
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

    /// <summary>
    /// Decodes an event from its raw payload. TraceEvent 4.0.0 cannot parse the metadata of the Request
    /// event (its <c>byte[]</c> field leaves <c>PayloadNames</c> empty), so the fields are read at the
    /// offsets <see cref="RingEventSource"/> writes them, little-endian: primitives at their natural
    /// sizes, a <c>bool</c> as 4 bytes, a <c>byte[]</c> as an int32 length and the bytes. A payload
    /// too short for its fields is not decoded (the event is counted as ignored).
    /// </summary>
    private static bool TryDecode(TraceEvent data, out Event e)
    {
        e = default;
        long time = (long)Math.Round(data.TimeStampRelativeMSec * 1_000_000.0);
        var p = new Payload(data.EventData());
        switch ((int)data.ID)
        {
            case RingEventSource.RequestEventId:
                {
                    long seq = p.I64();
                    var row = new RingEvent { Kind = RingEventKind.Request, Queue = p.I16(), RingIndex = p.U32(), Id = p.U64() };
                    var op = (BlkifOperation)p.U8();
                    var indirectOp = (BlkifOperation)p.U8();
                    row.Operation = op;
                    row.IndirectOperation = op == BlkifOperation.Indirect ? indirectOp : null;
                    row.NrSegments = p.U16();
                    row.Handle = p.U16();
                    row.Sector = p.U64();
                    row.NrSectors = p.I32();
                    bool hasLayout = p.I32() != 0;
                    byte[] layout = p.Blob();
                    row.SegLayout = hasLayout ? layout : null;
                    bool hasHash = p.I32() != 0;
                    long hash = p.I64();
                    row.DataHash = hasHash ? hash : null;
                    e = new Event(seq, time, row);
                    return p.Ok;
                }

            case RingEventSource.ResponseEventId:
                {
                    long seq = p.I64();
                    var row = new RingEvent { Kind = RingEventKind.Response, Queue = p.I16(), RingIndex = p.U32(), Id = p.U64() };
                    row.Operation = (BlkifOperation)p.U8();
                    row.Status = (BlkifStatus)p.I16();
                    e = new Event(seq, time, row);
                    return p.Ok;
                }

            case RingEventSource.StoreFlushEventId:
                {
                    long seq = p.I64();
                    var row = new RingEvent { Kind = RingEventKind.StoreFlush, Queue = p.I16(), Id = p.U64() };
                    e = new Event(seq, time, row);
                    return p.Ok;
                }

            default:
                return false;
        }
    }

    /// <summary>A bounds-checked little-endian reader over an event payload; reading past the end clears <see cref="Ok"/>.</summary>
    private ref struct Payload(byte[] bytes)
    {
        private int _at;

        public bool Ok { get; private set; } = true;

        public long I64() => Take(8) is { } at ? BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)) : 0;

        public ulong U64() => Take(8) is { } at ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at)) : 0;

        public int I32() => Take(4) is { } at ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) : 0;

        public uint U32() => Take(4) is { } at ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) : 0;

        public short I16() => Take(2) is { } at ? BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(at)) : (short)0;

        public ushort U16() => Take(2) is { } at ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : (ushort)0;

        public byte U8() => Take(1) is { } at ? bytes[at] : (byte)0;

        public byte[] Blob()
        {
            int n = I32();
            return n >= 0 && Take(n) is { } at ? bytes.AsSpan(at, n).ToArray() : Fail();
        }

        private byte[] Fail()
        {
            Ok = false;
            return [];
        }

        private int? Take(int n)
        {
            if (!Ok || n < 0 || bytes.Length - _at < n)
            {
                Ok = false;
                return null;
            }

            int at = _at;
            _at += n;
            return at;
        }
    }

    private readonly record struct Event(long Seq, long TimeNs, RingEvent Row);
}
