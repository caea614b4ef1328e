using BlkTrace.Interop;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;
using static BlkTrace.Interop.Blktrace.BlktraceCategory;

namespace BlkTrace.Tests.Interop;

public sealed class BlktraceImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Import_EachRwbsKind_MapsToTheBlkifOpOfFormatsMd()
    {
        var b = new BlktraceBuilder().ProcessName("blkback.1.xvda");
        ulong t = 1000;
        (BlktraceCategory Cat, ulong Sector, uint Bytes)[] kinds =
        [
            (Read, 104, 4096),                          // R
            (Write, 200, 8192),                         // W
            (Read | Flush, 0, 0),                       // FN: empty flush
            (Write | Flush | Sync, 304, 4096),          // FWS: preflush write
            (Write | Fua | Sync, 400, 4096),            // WFS: FUA write
            (Write | Flush | Fua | Sync, 504, 4096),    // FWFS: preflush + FUA
            (Write | Discard, 600, 1 << 20),            // D: discard
            (Read, 704, 64 * 4096),                     // R of 64 pages: INDIRECT
            (Write, 803, 4096),                         // W not page-aligned: spans 2 pages
        ];
        foreach (var k in kinds)
        {
            b.Q(t++, k.Cat, k.Sector, k.Bytes).D(t++, k.Cat, k.Sector, k.Bytes).C(t++, k.Cat, k.Sector, k.Bytes);
        }

        var (rows, report) = Import(b.Write(_dir.Combine("kinds.blktrace.0")));

        var requests = rows.Where(r => r.Kind == RingEventKind.Request).ToArray();
        Assert.Equal(
            [BlkifOperation.Read, BlkifOperation.Write, BlkifOperation.FlushDiskCache, BlkifOperation.FlushDiskCache, BlkifOperation.WriteBarrier, BlkifOperation.WriteBarrier, BlkifOperation.Discard, BlkifOperation.Indirect, BlkifOperation.Write],
            requests.Select(r => r.Operation));
        Assert.Equal([8, 16, 0, 8, 8, 8, 2048, 512, 8], requests.Select(r => r.NrSectors));
        Assert.Equal([1, 2, 0, 1, 1, 1, 0, 64, 2], requests.Select(r => (int)r.NrSegments));
        Assert.Equal(BlkifOperation.Read, requests[7].IndirectOperation);
        Assert.All(requests, r => Assert.Null(r.SegLayout));
        Assert.Equal(9, rows.Count(r => r.Kind == RingEventKind.Response && r.Status == BlkifStatus.Okay));
        Assert.Equal(1, report.Warning(ImportWarnings.FuaAsBarrier));
        Assert.Equal(1, report.IgnoredEvents);
    }

    [Fact]
    public void Import_FuaMappingWrite_FuaWriteBecomesPlainWriteAndIsCounted()
    {
        var b = new BlktraceBuilder().Q(1, Write | Fua, 8, 4096).C(2, Write | Fua, 8, 4096);
        var (rows, report) = Import(b.Write(_dir.Combine("fua.blktrace.0")), new ImportOptions { Fua = FuaMapping.Write });

        Assert.Equal(BlkifOperation.Write, rows[0].Operation);
        Assert.Equal(1, report.Warning(ImportWarnings.FuaDropped));
    }

    [Fact]
    public void Import_CompletionErrno_BecomesStatus()
    {
        var b = new BlktraceBuilder()
            .Q(1, Read, 8, 512).Q(2, Read, 16, 512).Q(3, Read, 24, 512).Q(4, Read, 32, 512)
            .C(5, Read, 8, 512, 0).C(6, Read, 16, 512, unchecked((ushort)-5)).C(7, Read, 24, 512, unchecked((ushort)-95)).C(8, Read, 32, 512, 95);
        var (rows, _) = Import(b.Write(_dir.Combine("err.blktrace.0")));

        Assert.Equal(
            [BlkifStatus.Okay, BlkifStatus.Error, BlkifStatus.EOpNotSupp, BlkifStatus.EOpNotSupp],
            rows.Where(r => r.Kind == RingEventKind.Response).Select(r => r.Status!.Value));
    }

    [Fact]
    public void Import_Rows_TimesRelativeToFirstAndResponsesEchoTheRequest()
    {
        var b = new BlktraceBuilder().Q(5_000, Write, 80, 4096).D(5_100, Write, 80, 4096).Q(6_000, Read, 800, 4096).C(9_000, Read, 800, 4096).C(12_345, Write, 80, 4096);
        var (rows, _) = Import(b.Write(_dir.Combine("t.blktrace.0")));

        Assert.Equal([0L, 1000, 4000, 7345], rows.Select(r => r.TsNs));
        Assert.Equal([0L, 1, 2, 3], rows.Select(r => r.Seq));
        Assert.Equal(rows[1].Id, rows[2].Id);
        Assert.Equal(rows[0].Id, rows[3].Id);
        Assert.Equal(BlkifOperation.Read, rows[2].Operation);
        Assert.Equal([0u, 1, 0, 1], rows.Select(r => r.RingIndex));
    }

    [Fact]
    public void Import_BigEndianFile_SameRowsAsLittleEndian()
    {
        string little = Build(new BlktraceBuilder(bigEndian: false), "le.blktrace.0");
        string big = Build(new BlktraceBuilder(bigEndian: true), "be.blktrace.0");

        var (a, ra) = Import(little);
        var (b, rb) = Import(big);

        Assert.Equal(a, b);
        Assert.Equal("blktrace-v7", ra.SourceFormat);
        Assert.Equal("blktrace-v7-be", rb.SourceFormat);

        string Build(BlktraceBuilder builder, string name) => builder.ProcessName("x")
            .Q(10, Write | Flush | Fua, 64, 4096).D(11, Write | Flush | Fua, 64, 4096).C(50, Write | Flush | Fua, 64, 4096)
            .Q(60, Read | Flush, 0, 0).C(70, Read | Flush, 0, 0).Write(_dir.Combine(name));
    }

    [Fact]
    public void Import_PerCpuFiles_MergedInTimeOrder()
    {
        new BlktraceBuilder(cpu: 0).Q(100, Read, 8, 4096).C(400, Read, 8, 4096).Write(_dir.Combine("m.blktrace.0"));
        new BlktraceBuilder(cpu: 1).Q(200, Write, 16, 4096).C(300, Write, 16, 4096).Write(_dir.Combine("m.blktrace.1"));
        var files = BlktraceFiles.Resolve(_dir.Combine("m.blktrace.1"));

        var (rows, report) = Import(files);

        Assert.Equal(2, files.Count);
        Assert.Equal([0L, 100, 200, 300], rows.Select(r => r.TsNs));
        Assert.Equal([RingEventKind.Request, RingEventKind.Request, RingEventKind.Response, RingEventKind.Response], rows.Select(r => r.Kind));
        Assert.Equal(BlkifOperation.Write, rows[2].Operation);
        Assert.Equal(2, report.SourceFiles.Count);
    }

    [Fact]
    public void Import_TwoDevices_OneQueueEach()
    {
        var a = new BlktraceBuilder(device: 202u << 20).Q(1, Read, 8, 512).C(3, Read, 8, 512);
        var b = new BlktraceBuilder(device: (8u << 20) | 16, cpu: 1).Q(2, Read, 8, 512).C(4, Read, 8, 512);
        a.Write(_dir.Combine("d.blktrace.0"));
        b.Write(_dir.Combine("d.blktrace.1"));

        var (rows, report) = Import(BlktraceFiles.Resolve(_dir.Combine("d.blktrace.0")));

        Assert.Equal([0, 1, 0, 1], rows.Select(r => (int)r.Queue));
        Assert.Equal("0=202,0;1=8,16", report.QueueAssignment);
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_PdusAndNotifies_SkippedWithoutLosingSync()
    {
        var b = new BlktraceBuilder().ProcessName("kworker/1:1")
            .Event(BlktraceAction.Remap, Read, 1, 2048, 4096, pdu: new byte[16])
            .Q(2, Read, 2048, 4096)
            .Raw(0, 3, 0, 0, (uint)Notify | 2, 0, "a message of some length"u8.ToArray())
            .Event(BlktraceAction.Plug, None, 4, 0, 0)
            .Event(BlktraceAction.UnplugIo, None, 5, 0, 0, pdu: new byte[8])
            .C(9, Read, 2048, 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("pdu.blktrace.0")));

        Assert.Equal(2, rows.Count);
        Assert.Equal(5, report.IgnoredEvents);
        Assert.Equal(7, report.SourceEvents);
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_OverlappingWriteAndReadAtOneSector_PairedByDirectionWithoutWarning()
    {
        // A write and a read of the same block in flight together: the read completes first.
        var b = new BlktraceBuilder()
            .Q(10, Write, 64, 4096).D(11, Write, 64, 4096)
            .Q(20, Read, 64, 4096).D(21, Read, 64, 4096)
            .C(30, Read, 64, 4096).C(40, Write, 64, 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("ov.blktrace.0")));

        var write = rows[0];
        var read = rows[1];
        Assert.Equal(read.Id, rows[2].Id);
        Assert.Equal(write.Id, rows[3].Id);
        Assert.Equal(0, report.Warning(ImportWarnings.AmbiguousPairs));
    }

    [Fact]
    public void Import_TwoIdenticalRequestsInFlight_PairedOldestFirstAndReportedAmbiguous()
    {
        var b = new BlktraceBuilder()
            .Q(10, Write, 64, 4096).D(11, Write, 64, 4096)
            .Q(20, Write, 64, 4096).D(21, Write, 64, 4096)
            .C(30, Write, 64, 4096).C(40, Write, 64, 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("amb.blktrace.0")));

        Assert.Equal(1, report.Warning(ImportWarnings.AmbiguousPairs));
        Assert.Equal(rows[0].Id, rows[2].Id);
        Assert.Equal(rows[1].Id, rows[3].Id);
    }

    [Fact]
    public void Import_OnlyOneOfTwoIdenticalRequestsKnownDispatched_CompletionGoesToItWithoutWarning()
    {
        // The first was dispatched before the second was queued: only it can have completed first.
        var b = new BlktraceBuilder()
            .Q(10, Write, 64, 4096).D(11, Write, 64, 4096)
            .Q(20, Write, 64, 4096)
            .C(30, Write, 64, 4096)
            .D(31, Write, 64, 4096).C(40, Write, 64, 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("iss.blktrace.0")));

        Assert.Equal(rows[0].Id, rows[2].Id);
        Assert.Equal(rows[1].Id, rows[3].Id);
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_DispatchOfOneOfTwoIdenticalRequests_CompletionStillReportedAmbiguous()
    {
        // Both queued, then one dispatch: which one went is itself a guess.
        var b = new BlktraceBuilder()
            .Q(10, Write, 64, 4096).Q(20, Write, 64, 4096)
            .D(21, Write, 64, 4096).C(30, Write, 64, 4096)
            .D(31, Write, 64, 4096).C(40, Write, 64, 4096);

        var (_, report) = Import(b.Write(_dir.Combine("guess.blktrace.0")));

        Assert.Equal(1, report.Warning(ImportWarnings.AmbiguousPairs));
        Assert.Equal(2, report.Responses);
    }

    [Fact]
    public void Import_BackAndFrontMergedBios_OneCompletionEndsEveryMergedRequest()
    {
        var b = new BlktraceBuilder()
            .Q(10, Write, 100, 4096)
            .Q(11, Write, 108, 4096).Event(BlktraceAction.BackMerge, Write, 11, 108, 4096)
            .Q(12, Write, 92, 4096).Event(BlktraceAction.FrontMerge, Write, 12, 92, 4096)
            .D(13, Write, 92, 3 * 4096)
            .C(50, Write, 92, 3 * 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("merge.blktrace.0")));

        Assert.Equal(3, report.Requests);
        Assert.Equal(3, report.Responses);
        Assert.All(rows.Where(r => r.Kind == RingEventKind.Response), r => Assert.Equal(40L, r.TsNs));
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_PartialCompletions_ResponseAtTheLastPart()
    {
        var b = new BlktraceBuilder()
            .Q(10, Read, 1000, 8192).D(11, Read, 1000, 8192)
            .C(20, Read, 1000, 4096).C(30, Read, 1008, 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("part.blktrace.0")));

        Assert.Equal(2, rows.Count);
        Assert.Equal(20L, rows[1].TsNs);
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_IssueWithoutQueue_RequestStartsAtDispatch()
    {
        var b = new BlktraceBuilder().D(100, Write, 8, 4096).C(150, Write, 8, 4096);

        var (rows, report) = Import(b.Write(_dir.Combine("dc.blktrace.0")));

        Assert.Equal(1, report.Requests);
        Assert.Equal(1, report.Responses);
        Assert.Equal(50L, rows[1].TsNs);
    }

    [Fact]
    public void Import_Requeue_ReissueMakesNoSecondRequest()
    {
        var b = new BlktraceBuilder()
            .Q(1, Write, 8, 4096).D(2, Write, 8, 4096)
            .Event(BlktraceAction.Requeue, Write, 3, 8, 4096)
            .D(4, Write, 8, 4096).C(9, Write, 8, 4096);

        var (_, report) = Import(b.Write(_dir.Combine("rq.blktrace.0")));

        Assert.Equal(1, report.Requests);
        Assert.Equal(1, report.Responses);
        Assert.Equal(0, report.WarningCount);
    }

    [Fact]
    public void Import_UnmatchedAndIncomplete_CountedNotDropped()
    {
        var b = new BlktraceBuilder()
            .C(1, Read, 5000, 4096)                    // began before the trace
            .Q(2, Write, 8, 4096).D(3, Write, 8, 4096) // never completes
            .Event(BlktraceAction.Queue, Pc, 4, 0, 0)  // SCSI passthrough
            .Q(5, Read, 16, 4096).C(6, Read, 16, 8192); // completes more than it asked

        var (_, report) = Import(b.Write(_dir.Combine("un.blktrace.0")));

        Assert.Equal(1, report.Warning(ImportWarnings.UnmatchedCompletions));
        Assert.Equal(1, report.Warning(ImportWarnings.IncompleteRequests));
        Assert.Equal(1, report.Warning(ImportWarnings.UnmappedEvents));
        Assert.Equal(1, report.Warning(ImportWarnings.SizeMismatchPairs));
    }

    [Fact]
    public void Import_Version8Record_RejectedWithAClearMessage()
    {
        string path = new BlktraceBuilder { Version = 8 }.Q(1, Read, 8, 512).Write(_dir.Combine("v8.blktrace.0"));

        var e = Assert.Throws<InvalidDataException>(() => Import(path));

        Assert.Contains("version 8", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_PduPastTheEnd_RejectedNamingTheOffset()
    {
        string path = new BlktraceBuilder().Q(1, Read, 8, 512).Raw(2, 2, 8, 512, 8, 0, [1, 2, 3], pduLength: 65535).Write(_dir.Combine("pdu.blktrace.0"));

        var e = Assert.Throws<InvalidDataException>(() => Import(path));

        Assert.Contains("offset 48", e.Message, StringComparison.Ordinal);
        Assert.Contains("65535", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_TruncatedRecord_Rejected()
    {
        byte[] bytes = new BlktraceBuilder().Q(1, Read, 8, 512).C(2, Read, 8, 512).ToArray();
        string path = _dir.Combine("trunc.blktrace.0");
        File.WriteAllBytes(path, bytes[..70]);

        var e = Assert.Throws<InvalidDataException>(() => Import(path));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_NotBlktrace_Rejected()
    {
        string path = _dir.Combine("text.blktrace.0");
        File.WriteAllText(path, "hello, this is not a binary trace at all, not even close.......");

        var e = Assert.Throws<InvalidDataException>(() => Import(path));

        Assert.Contains("not a blktrace file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CaptureNameOrOneCpuFile_FindsEveryCpuInOrder()
    {
        foreach (int cpu in new[] { 10, 2, 0, 1 })
        {
            new BlktraceBuilder(cpu: (uint)cpu).Write(_dir.Combine($"sda.blktrace.{cpu}"));
        }

        new BlktraceBuilder().Write(_dir.Combine("sdb.blktrace.0"));

        Assert.Equal(["sda.blktrace.0", "sda.blktrace.1", "sda.blktrace.2", "sda.blktrace.10"], BlktraceFiles.Resolve(_dir.Combine("sda")).Select(Path.GetFileName));
        Assert.Equal(4, BlktraceFiles.Resolve(_dir.Combine("sda.blktrace.2")).Count);
        Assert.Equal(5, BlktraceFiles.Resolve(_dir.Path).Count);
        Assert.Throws<FileNotFoundException>(() => BlktraceFiles.Resolve(_dir.Combine("sdc")));
    }

    internal static (List<RingEvent> Rows, ImportReport Report) Import(string path, ImportOptions? options = null) => Import([path], options);

    internal static (List<RingEvent> Rows, ImportReport Report) Import(IReadOnlyList<string> files, ImportOptions? options = null)
    {
        var sink = new RowListSink();
        var report = BlktraceImporter.Import(files, sink, options);
        return ([.. sink.Rows], report);
    }
}
