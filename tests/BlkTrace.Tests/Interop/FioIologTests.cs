using BlkTrace.Interop;
using BlkTrace.Interop.Fio;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Interop;

public sealed class FioIologTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Import_Version2_WaitsSetTimingAndActionsMapToOps()
    {
        string path = Write("v2.iolog", """
            fio version 2 iolog
            /dev/sdb add
            /dev/sdb open
            /dev/sdb write 4096 8192
            /dev/sdb wait 250
            /dev/sdb read 0 4096
            /dev/sdb datasync 0 0
            /dev/sdb wait 1000
            /dev/sdb trim 1048576 65536
            /dev/sdb sync
            /dev/sdb close
            """);

        var (rows, report) = Import(path);

        Assert.Equal([BlkifOperation.Write, BlkifOperation.Read, BlkifOperation.FlushDiskCache, BlkifOperation.Discard, BlkifOperation.FlushDiskCache], rows.Select(r => r.Operation));
        Assert.Equal([0L, 250_000, 250_000, 1_250_000, 1_250_000], rows.Select(r => r.TsNs));
        Assert.Equal([8UL, 0, 0, 2048, 0], rows.Select(r => r.Sector));
        Assert.Equal([16, 8, 0, 128, 0], rows.Select(r => r.NrSectors));
        Assert.All(rows, r => Assert.Equal(RingEventKind.Request, r.Kind));
        Assert.False(report.HasCompletions);
        Assert.Equal("fio-iolog-v2", report.SourceFormat);
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_Version3_TimestampsInMicroseconds()
    {
        string path = Write("v3.iolog", """
            fio version 3 iolog
            0 /tmp/a add
            0 /tmp/a open
            15 /tmp/a read 0 4096
            40 /tmp/b write 512 512
            1040 /tmp/a read 4096 4096
            """);

        var (rows, report) = Import(path);

        Assert.Equal([0L, 25_000, 1_025_000], rows.Select(r => r.TsNs));
        Assert.Equal([0, 1, 0], rows.Select(r => (int)r.Queue));
        Assert.Equal("0=/tmp/a;1=/tmp/b", report.QueueAssignment);
    }

    [Fact]
    public void Import_BadLines_SkippedAndCounted()
    {
        string path = Write("bad.iolog", """
            fio version 3 iolog
            10 /f read 0 4096
            20 /f wait 100
            x /f read 0 4096
            30 /f frobnicate 0 4096
            40 /f read -5 4096
            50 /f write 4097 100
            """);

        var (rows, report) = Import(path);

        Assert.Equal(2, rows.Count);
        Assert.Equal(4, report.Warning(ImportWarnings.SkippedLines));
        Assert.Equal(2, report.Warning(ImportWarnings.UnalignedSizes));
    }

    [Fact]
    public void Import_NotAnIolog_RejectedNamingTheFile()
    {
        string path = Write("no.iolog", "fio version 4 iolog\n/f read 0 1\n");

        var e = Assert.Throws<InvalidDataException>(() => Import(path));

        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Version3_SpellsOutFlushesAndShiftsTimesByOneMicrosecond()
    {
        RingEvent[] rows =
        [
            Request(0, 0, BlkifRequest.Direct(BlkifOperation.Write, 1, 8, [new(1, 0, 7)])),
            Request(1, 2_500, BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 2, 0, [])),
            Request(2, 7_999, BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 3, 16, [new(1, 0, 7)])),
            Request(3, 9_000, BlkifRequest.Direct(BlkifOperation.WriteBarrier, 4, 24, [new(1, 0, 3)])),
            Request(4, 10_000, BlkifRequest.Discard(5, 32, 64)),
            Request(5, 11_000, BlkifRequest.Direct(BlkifOperation.Read, 6, 40, [new(1, 0, 7)])),
            RingEvent.FromResponse(6, 12_000, 0, 0, new BlkifResponse(1, BlkifOperation.Write, BlkifStatus.Okay)),
            RingEvent.FromStoreFlush(7, 12_500, 0, 2),
        ];

        var report = FioIologExporter.Export(rows, _dir.Combine("out.iolog"), new FioExportOptions { FileName = "/dev/vdz" });

        Assert.Equal(
            """
            fio version 3 iolog
            0 /dev/vdz add
            0 /dev/vdz open
            1 /dev/vdz write 4096 4096
            3 /dev/vdz datasync 0 0
            8 /dev/vdz datasync 0 0
            8 /dev/vdz write 8192 4096
            10 /dev/vdz datasync 0 0
            10 /dev/vdz write 12288 2048
            10 /dev/vdz datasync 0 0
            11 /dev/vdz trim 16384 32768
            12 /dev/vdz read 20480 4096
            12 /dev/vdz close

            """.ReplaceLineEndings("\n"),
            File.ReadAllText(_dir.Combine("out.iolog")));
        Assert.Equal(4, report.Action("datasync"));
        Assert.Equal(3, report.Action("write"));
        Assert.Equal(1, report.Skipped[ExportSkips.Responses]);
        Assert.Equal(1, report.Skipped[ExportSkips.StoreFlushRows]);
    }

    [Fact]
    public void Export_Version2_WaitLinesFromAbsoluteTimes()
    {
        RingEvent[] rows =
        [
            Request(0, 1_400, BlkifRequest.Direct(BlkifOperation.Read, 1, 8, [new(1, 0, 7)])),
            Request(1, 2_600, BlkifRequest.Direct(BlkifOperation.Read, 2, 8, [new(1, 0, 7)])),
            Request(2, 3_800, BlkifRequest.Direct(BlkifOperation.Read, 3, 8, [new(1, 0, 7)])),
        ];

        FioIologExporter.Export(rows, _dir.Combine("v2.iolog"), new FioExportOptions { Version = FioIologVersion.V2, FileName = "/f", FlushAction = "sync" });

        Assert.Equal(
            "fio version 2 iolog\n/f add\n/f open\n/f wait 1\n/f read 4096 4096\n/f wait 1\n/f read 4096 4096\n/f wait 1\n/f read 4096 4096\n/f close\n",
            File.ReadAllText(_dir.Combine("v2.iolog")));
    }

    [Theory]
    [InlineData(FioIologVersion.V2)]
    [InlineData(FioIologVersion.V3)]
    public void ExportThenImport_DataRequests_SameOpsOffsetsAndMicrosecondTimes(FioIologVersion version)
    {
        var rows = InteropTraces.Random(500, seed: 5).Where(r => r.Kind == RingEventKind.Request && BlockOpMapping.FromRow(r) is BlockOp.Read or BlockOp.Write or BlockOp.Discard).ToArray();
        FioIologExporter.Export(rows, _dir.Combine("rt.iolog"), new FioExportOptions { Version = version });

        var (back, _) = Import(_dir.Combine("rt.iolog"));

        long originUs = rows[0].TsNs / 1000;
        Assert.Equal(rows.Select(r => (r.Operation, r.IndirectOperation, r.Sector, r.NrSectors, ((r.TsNs / 1000) - originUs) * 1000)), back.Select(r => (r.Operation, r.IndirectOperation, r.Sector, r.NrSectors, r.TsNs)));
    }

    private static RingEvent Request(long seq, long ts, BlkifRequest request) => RingEvent.FromRequest(seq, ts, 0, (uint)seq, request, [], null);

    private static (List<RingEvent> Rows, ImportReport Report) Import(string path)
    {
        var sink = new RowListSink();
        var report = FioIologImporter.Import(path, sink);
        return ([.. sink.Rows], report);
    }

    private string Write(string name, string text)
    {
        string path = _dir.Combine(name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }
}
