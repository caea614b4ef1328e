using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;

namespace BlkTrace.Interop;

/// <summary>
/// Turns imported requests and completions into schema-v1 rows, with the conventions every importer
/// shares, so they are written down once:
/// <list type="bullet">
/// <item><c>seq</c> dense from 0 in emit order; <c>ts_ns</c> relative to the first row (an event earlier
/// than the previous one is raised to it and counted, so ts_ns never goes backwards);</item>
/// <item><c>id</c> a running request counter (unique in the trace, never reused, so (queue, id) pairs a
/// response with its request without ambiguity);</item>
/// <item><c>ring_idx</c> a running counter per queue, one for requests and one for responses (as
/// req_prod and rsp_prod advance on a ring); <c>handle</c> 0; <c>seg_layout</c>, <c>data_hash</c> null;</item>
/// <item>op and <c>nr_segments</c> by <see cref="BlockOpMapping.ToBlkif"/>; a response echoes its request's op.</item>
/// </list>
/// What a queue stands for (a device, a disk number, a file) is the importer's choice and is
/// recorded in <see cref="ImportReport.QueueAssignment"/>.
/// </summary>
internal sealed class ImportRowBuilder
{
    private readonly ITraceRowSink _sink;
    private readonly ImportReport _report;
    private readonly FuaMapping _fua;
    private uint[] _requestIdx = new uint[4];
    private uint[] _responseIdx = new uint[4];
    private long _seq;
    private long _origin;
    private long _last;
    private bool _started;
    private ulong _nextId;

    public ImportRowBuilder(ITraceRowSink sink, ImportReport report, FuaMapping fua)
    {
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _report = report ?? throw new ArgumentNullException(nameof(report));
        _fua = fua;
    }

    /// <summary>Rows written so far.</summary>
    public long Rows => _seq;

    /// <summary>nr_sectors for a byte count, rounded up (an unaligned count is a warning); saturated at int.MaxValue.</summary>
    public int SectorsFromBytes(ulong bytes)
    {
        if (bytes % BlkifConstants.SectorSize != 0)
        {
            _report.Warn(ImportWarnings.UnalignedSizes);
        }

        ulong sectors = (bytes + BlkifConstants.SectorSize - 1) / BlkifConstants.SectorSize;
        return sectors > int.MaxValue ? int.MaxValue : (int)sectors;
    }

    /// <summary>The first sector of a byte offset (an unaligned offset is a warning and rounds down).</summary>
    public ulong SectorFromOffset(ulong offset)
    {
        if (offset % BlkifConstants.SectorSize != 0)
        {
            _report.Warn(ImportWarnings.UnalignedSizes);
        }

        return offset / BlkifConstants.SectorSize;
    }

    /// <summary>Writes a request row at source time <paramref name="timeNs"/>.</summary>
    public ImportedRequest Request(long timeNs, int queue, BlockOp op, ulong sector, int nrSectors)
    {
        CheckQueue(queue);
        if (op == BlockOp.FuaWrite)
        {
            _report.Warn(_fua == FuaMapping.Barrier ? ImportWarnings.FuaAsBarrier : ImportWarnings.FuaDropped);
        }

        var shape = BlockOpMapping.ToBlkif(op, sector, nrSectors, _fua);
        bool noData = op is BlockOp.Flush;
        var row = new RingEvent
        {
            Seq = _seq++,
            TsNs = Relative(timeNs),
            Kind = RingEventKind.Request,
            Queue = (short)queue,
            RingIndex = _requestIdx[queue]++,
            Id = _nextId++,
            Operation = shape.Operation,
            IndirectOperation = shape.IndirectOperation,
            NrSegments = shape.NrSegments,
            Sector = sector,
            NrSectors = noData ? 0 : nrSectors,
        };
        _sink.Append(row);
        _report.Requests++;
        return new ImportedRequest(row.Id, queue, shape.Operation);
    }

    /// <summary>Writes the response row of <paramref name="request"/> at source time <paramref name="timeNs"/>.</summary>
    public void Response(long timeNs, in ImportedRequest request, BlkifStatus status)
    {
        var row = new RingEvent
        {
            Seq = _seq++,
            TsNs = Relative(timeNs),
            Kind = RingEventKind.Response,
            Queue = (short)request.Queue,
            RingIndex = _responseIdx[request.Queue]++,
            Id = request.Id,
            Operation = request.Operation,
            Status = status,
        };
        _sink.Append(row);
        _report.Responses++;
    }

    private long Relative(long timeNs)
    {
        if (!_started)
        {
            _started = true;
            _origin = timeNs;
            _last = 0;
            return 0;
        }

        // Saturating: a corrupt timestamp far from the origin must not wrap around.
        long t = timeNs >= _origin ? (timeNs - _origin < 0 ? long.MaxValue : timeNs - _origin) : -1;
        if (t < _last)
        {
            _report.Warn(ImportWarnings.TimeWentBackwards);
            return _last;
        }

        _last = t;
        return t;
    }

    private void CheckQueue(int queue)
    {
        if ((uint)queue > short.MaxValue)
        {
            throw new InvalidDataException($"more than {short.MaxValue + 1} queues (devices, disks or files) in one trace");
        }

        if (queue >= _report.Queues)
        {
            _report.Queues = queue + 1;
        }

        if (queue >= _requestIdx.Length)
        {
            int n = Math.Max(queue + 1, _requestIdx.Length * 2);
            Array.Resize(ref _requestIdx, n);
            Array.Resize(ref _responseIdx, n);
        }
    }
}
