using BlkTrace.Interop;
using BlkTrace.Interop.NetTrace;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Interop;

/// <summary>
/// <c>.nettrace</c> import of a real EventPipe capture of the <c>BlkTrace-Ring</c> EventSource
/// (<c>Fixtures/capture-oltp.nettrace</c>: a backend driven by a 400-request OLTP workload).
/// </summary>
public sealed class NetTraceImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture => Path.Combine(SharedSampleTests.Traces(), "capture-oltp.nettrace");

    [Fact]
    public void Import_RealCapture_EveryRequestDecodedAndPairedWithItsResponse()
    {
        var sink = new RowListSink();
        var report = NetTraceImporter.Import(Fixture, sink);
        var rows = sink.Rows;

        Assert.Equal(TraceFormat.NetTrace, FormatDetector.Detect(Fixture));
        Assert.Equal(400, report.Requests);
        Assert.Equal(400, report.Responses);
        Assert.Equal(0, report.DroppedEvents);
        Assert.Equal(0, report.WarningCount);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Seq));

        var requests = rows.Where(r => r.Kind == RingEventKind.Request).ToArray();
        Assert.Equal(377, requests.Count(r => r.Operation == BlkifOperation.Write));
        Assert.Equal(23, requests.Count(r => r.Operation == BlkifOperation.FlushDiskCache && r.NrSectors == 0));
        Assert.All(requests.Where(r => r.Operation == BlkifOperation.Write), r =>
        {
            Assert.True(r.NrSectors > 0 && r.NrSegments > 0);
            Assert.NotNull(r.SegLayout);
            Assert.Equal(r.NrSegments * 2, r.SegLayout!.Value.Length);
        });

        var open = new Dictionary<(short, ulong), BlkifOperation>();
        foreach (var r in rows)
        {
            if (r.Kind == RingEventKind.Request)
            {
                Assert.True(open.TryAdd((r.Queue, r.Id), r.Operation), $"id {r.Id} in flight twice");
            }
            else if (r.Kind == RingEventKind.Response)
            {
                Assert.True(open.Remove((r.Queue, r.Id), out var op), $"response {r.Id} without a request");
                Assert.Equal(op, r.Operation);
                Assert.Equal(BlkifStatus.Okay, r.Status);
            }
        }

        Assert.Empty(open);
    }

    [Fact]
    public void Convert_RealCapture_TraceThenBlktraceKeepsEveryRequest()
    {
        var result = TraceConverter.Convert(Fixture, _dir.Combine("cap.blktrace"));

        Assert.Equal(400, result.Import!.Requests);
        Assert.Equal(400, result.Export!.Requests);
        Assert.Equal(400, result.Export.Responses);
        Assert.True(File.Exists(_dir.Combine("cap.blktrace.0")));
    }
}
