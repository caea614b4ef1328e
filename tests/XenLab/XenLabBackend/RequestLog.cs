using System.Diagnostics;
using System.Globalization;
using BlkTrace.Protocol.Blkif;

namespace XenLabBackend;

/// <summary>
/// A CSV of every request consumed and every response produced, in ring order: the lab's capture
/// until the real tap (Parquet) serves here. Columns follow trace schema v1 where they overlap.
/// </summary>
internal sealed class RequestLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _seq;

    public RequestLog(string? path)
    {
        if (path is not null)
        {
            _writer = new StreamWriter(path) { AutoFlush = false };
            _writer.WriteLine("seq,ts_ns,kind,ring_idx,id,op,nr_segments,sector,nr_sectors,status");
        }
    }

    public void Request(uint ringIndex, in BlkifRequest r, int nrSectors) =>
        Row(0, ringIndex, r.Id, (int)r.Operation, r.NrSegments, r.SectorNumber, nrSectors, null);

    public void Response(uint ringIndex, in BlkifResponse r) =>
        Row(1, ringIndex, r.Id, (int)r.Operation, 0, 0, 0, (int)r.Status);

    public void Flush() => _writer?.Flush();

    public void Dispose() => _writer?.Dispose();

    private void Row(int kind, uint ringIndex, ulong id, int op, int nseg, ulong sector, int nsect, int? status)
    {
        if (_writer is null)
        {
            return;
        }

        long ns = (long)Stopwatch.GetElapsedTime(_start).TotalNanoseconds;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{_seq++},{ns},{kind},{ringIndex},{id},{op},{nseg},{sector},{nsect},{(status is { } s ? s.ToString(CultureInfo.InvariantCulture) : string.Empty)}"));
    }
}
