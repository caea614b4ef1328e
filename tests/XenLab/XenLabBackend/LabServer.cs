using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.Wire;

namespace XenLabBackend;

/// <summary>
/// Serves one ring with real file I/O: READ/WRITE segment by segment with pread/pwrite straight
/// from/to the mapped grant pages, FLUSH_DISKCACHE as fsync, WRITE_BARRIER as fsync + writes +
/// fsync (blkback's PREFLUSH|FUA), and EOPNOTSUPP for what it did not advertise. With
/// <c>--flush-status</c> it fails flushes and barriers instead, to see what the frontend does next. The loop is
/// RingEchoServer's: consume, answer (releasing each grant page once its data is copied), push, notify; when idle, the
/// final check, then sleep on the event channel. Bad guest input becomes an ERROR response.
/// </summary>
internal sealed class LabServer(BackRing ring, IGrantMapper grants, IEventChannel channel, FileStream image, LabOptions options, RequestLog log)
{
    private const int Sector = BlkifConstants.SectorSize;

    public long Reads { get; private set; }

    public long Writes { get; private set; }

    public long Flushes { get; private set; }

    public long Barriers { get; private set; }

    public long Unsupported { get; private set; }

    public long Errors { get; private set; }

    /// <summary>Serves until <paramref name="stop"/> says so (checked whenever the ring is idle).</summary>
    public void Run(Func<bool> stop)
    {
        while (true)
        {
            uint prod = ring.ReadRequestProducer();
            if (ring.IsProducerOverflow(prod))
            {
                Console.WriteLine("lab-backend: frontend overflowed the ring; halting it as blkback does");
                return;
            }

            int n = 0;
            while (ring.TryConsumeRequest(prod, out var request, out uint index))
            {
                var status = Serve(index, in request);
                var response = new BlkifResponse(request.Id, request.Operation, status);
                uint rspIndex = ring.ProduceResponse(in response);
                log.Response(rspIndex, in response);
                n++;
            }

            if (n > 0)
            {
                if (ring.PushResponses())
                {
                    channel.Notify();
                }

                continue;
            }

            if (!ring.FinalCheckForRequests())
            {
                log.Flush();
                if (stop())
                {
                    return;
                }

                channel.Wait(200);
            }
        }
    }

    private BlkifStatus Serve(uint index, in BlkifRequest r)
    {
        int sectors = 0;
        for (int i = 0; i < r.DirectSegmentCount; i++)
        {
            sectors += r.Segments[i].SectorCount;
        }

        log.Request(index, in r, sectors);
        switch (r.Operation)
        {
            case BlkifOperation.Read:
                Reads++;
                return Transfer(in r, write: false);
            case BlkifOperation.Write:
                Writes++;
                return Transfer(in r, write: true);
            case BlkifOperation.FlushDiskCache when options.AdvertiseFlush:
                Flushes++;
                if (options.FlushStatus != BlkifStatus.Okay)
                {
                    // A backend that advertises flushes and then fails them (as a failing disk or a lying VMM does).
                    return options.FlushStatus;
                }

                image.Flush(flushToDisk: true);
                return BlkifStatus.Okay;
            case BlkifOperation.WriteBarrier when options.AdvertiseBarrier:
                Barriers++;
                if (options.FlushStatus != BlkifStatus.Okay)
                {
                    return options.FlushStatus;
                }

                image.Flush(flushToDisk: true);
                var status = r.NrSegments == 0 ? BlkifStatus.Okay : Transfer(in r, write: true);
                image.Flush(flushToDisk: true);
                return status;
            default:
                Unsupported++;
                return BlkifStatus.EOpNotSupp;
        }
    }

    private int Write(ReadOnlySpan<byte> data, long offset)
    {
        RandomAccess.Write(image.SafeFileHandle, data, offset);
        return data.Length;
    }

    private BlkifStatus Transfer(in BlkifRequest r, bool write)
    {
        if (r.NrSegments == 0 || r.NrSegments > BlkifConstants.MaxSegmentsPerRequest)
        {
            Errors++;
            return BlkifStatus.Error;
        }

        long offset = checked((long)r.SectorNumber * Sector);
        for (int i = 0; i < r.DirectSegmentCount; i++)
        {
            BlkifSegment seg = r.Segments[i];
            Span<byte> page = seg.IsValid ? grants.MapPage(seg.GrantRef) : default;
            int length = seg.SectorCount * Sector;
            if (page.IsEmpty || offset < 0 || offset + length > image.Length)
            {
                Errors++;
                return BlkifStatus.Error;
            }

            Span<byte> data = page.Slice(seg.FirstSect * Sector, length);
            int done = write ? Write(data, offset) : RandomAccess.Read(image.SafeFileHandle, data, offset);

            // The data is in place: let go of the grant before the frontend sees the response.
            grants.ReleasePage(seg.GrantRef);
            if (done != length)
            {
                Errors++;
                return BlkifStatus.Error;
            }

            offset += length;
        }

        return BlkifStatus.Okay;
    }
}
