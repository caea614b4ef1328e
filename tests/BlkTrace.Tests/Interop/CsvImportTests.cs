using BlkTrace.Interop;
using BlkTrace.Interop.Csv;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Interop;

public sealed class CsvImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ImportMsr_WithOrWithoutHeader_ResponsesInterleavedInTimeOrder(bool header)
    {
        string path = Write("msr.csv", (header ? "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\n" : string.Empty) + """
            128166385295514663,hm,0,Write,9056014336,2048,500
            128166385295514700,hm,0,Read,4096,4096,100
            128166385295514900,hm,1,Read,8192,512,0
            """);

        var (rows, report) = Import(path);

        // FILETIME and ResponseTime are both 100-ns ticks (spec/formats.md): W at 0 (done 500 ticks later),
        // R at 37 ticks (done 100 later), R on disk 1 at 237 ticks (done at once), then W done at 500.
        Assert.Equal([0L, 3_700, 13_700, 23_700, 23_700, 50_000], rows.Select(r => r.TsNs));
        Assert.Equal([RingEventKind.Request, RingEventKind.Request, RingEventKind.Response, RingEventKind.Request, RingEventKind.Response, RingEventKind.Response], rows.Select(r => r.Kind));
        Assert.Equal(rows[1].Id, rows[2].Id);
        Assert.Equal(rows[3].Id, rows[4].Id);
        Assert.Equal(rows[0].Id, rows[5].Id);
        Assert.Equal([0, 0, 0, 1, 1, 0], rows.Select(r => (int)r.Queue));
        Assert.Equal(17_687_528UL, rows[0].Sector);
        Assert.Equal(4, rows[0].NrSectors);
        Assert.Equal("msr-csv", report.SourceFormat);
        Assert.Equal("0=hm/0;1=hm/1", report.QueueAssignment);
        Assert.True(report.HasCompletions);
        Assert.Equal(header ? 1 : 0, report.IgnoredEvents);
    }

    [Fact]
    public void ImportAlibaba_RequestsAtMicroseconds()
    {
        string path = Write("ali.csv", "3,W,8192,4096,1577808000000000\n3,R,0,512,1577808000000125\n7,R,4096,8192,1577808000000130\n");

        var (rows, report) = Import(path);

        Assert.Equal(TraceFormat.AlibabaCsv, FormatDetector.Detect(path));
        Assert.Equal([0L, 125_000, 130_000], rows.Select(r => r.TsNs));
        Assert.Equal([BlkifOperation.Write, BlkifOperation.Read, BlkifOperation.Read], rows.Select(r => r.Operation));
        Assert.Equal([16UL, 0, 8], rows.Select(r => r.Sector));
        Assert.Equal("0=3;1=7", report.QueueAssignment);
        Assert.False(report.HasCompletions);
    }

    [Fact]
    public void ImportTencent_SectorsAndSeconds()
    {
        string path = Write("tencent.csv", "Timestamp,Offset,Size,IOType,VolumeID\n1538323200,2048,16,1,1283\n1538323201,0,8,0,1283\n");

        var (rows, _) = Import(path);

        Assert.Equal(TraceFormat.TencentCsv, FormatDetector.Detect(path));
        Assert.Equal([0L, 1_000_000_000], rows.Select(r => r.TsNs));
        Assert.Equal([2048UL, 0], rows.Select(r => r.Sector));
        Assert.Equal([16, 8], rows.Select(r => r.NrSectors));
        Assert.Equal([BlkifOperation.Write, BlkifOperation.Read], rows.Select(r => r.Operation));
    }

    [Fact]
    public void ImportMsr_BadLines_SkippedAndCounted()
    {
        string path = Write("bad.csv", """
            128166385295514663,hm,0,Write,9056014336,2048,500
            128166385295514700,hm,0,Erase,4096,4096,100
            128166385295514800,hm,0,Read,-1,4096,100
            hello
            128166385295514900,hm,0,Read,4096,4096,100
            """);

        var (rows, report) = Import(path);

        Assert.Equal(4, rows.Count);
        Assert.Equal(3, report.Warning(ImportWarnings.SkippedLines));
    }

    [Fact]
    public void Import_WrongLayoutNamed_RejectedNamingTheFile()
    {
        string path = Write("msr.csv", "128166385295514663,hm,0,Write,9056014336,2048,500\n128166385295514700,hm,0,Read,4096,4096,100\n");

        var e = Assert.Throws<InvalidDataException>(() => CsvImporter.Import(path, new RowListSink(), TraceFormat.TencentCsv));

        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("tencent-csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportMsrThenImport_ReadsAndWrites_SameRequestsAndResponseTimes()
    {
        var rows = InteropTraces.Random(400, seed: 3, errors: false);
        var export = MsrCsvExporter.Export(rows, _dir.Combine("rt.csv"));
        var (back, _) = Import(_dir.Combine("rt.csv"));

        var data = rows.Where(r => r.Kind == RingEventKind.Request && BlockOpMapping.FromRow(r) is BlockOp.Read or BlockOp.Write).ToArray();
        var latency = rows.Where(r => r.Kind == RingEventKind.Response).ToDictionary(r => r.Id, r => r.TsNs);
        Assert.Equal(data.Length, export.Action("Read") + export.Action("Write"));
        Assert.Equal(
            data.Select(r => (r.IndirectOperation ?? r.Operation, r.Sector, r.NrSectors, (latency[r.Id] - r.TsNs) / 100 * 100)),
            back.Where(r => r.Kind == RingEventKind.Request).Select(r => (r.IndirectOperation ?? r.Operation, r.Sector, r.NrSectors, back.First(x => x.Kind == RingEventKind.Response && x.Id == r.Id).TsNs - r.TsNs)));
        Assert.True(export.Skipped["flush_or_discard_requests"] > 0);
    }

    private static (List<RingEvent> Rows, ImportReport Report) Import(string path)
    {
        var sink = new RowListSink();
        var report = CsvImporter.Import(path, sink);
        return ([.. sink.Rows], report);
    }

    private string Write(string name, string text)
    {
        string path = _dir.Combine(name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }
}
