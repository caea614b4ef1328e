using BlkTrace.Interop;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Interop;

public sealed class BlktraceExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ExportThenImport_RandomTrace_RequestsAndCompletionTimesSurvive()
    {
        var rows = InteropTraces.Random(3000, seed: 11, queues: 3);
        var export = BlktraceExporter.Export(rows, _dir.Combine("rt"));
        var (back, report) = BlktraceImportTests.Import(BlktraceFiles.Resolve(_dir.Combine("rt.blktrace.0")));

        var requests = rows.Where(r => r.Kind == RingEventKind.Request).ToArray();
        var imported = back.Where(r => r.Kind == RingEventKind.Request).ToArray();
        long origin = rows[0].TsNs;
        Assert.Equal(3, export.Files.Count);
        Assert.Equal(requests.Length, imported.Length);

        // The per-queue files merge back by time; ties keep file order, so compare as sorted sets.
        Assert.Equal(
            requests.Select(r => Shape(r, r.TsNs - origin)).Order(),
            imported.Select(r => Shape(r, r.TsNs)).Order());
        Assert.Equal(
            rows.Where(r => r.Kind == RingEventKind.Response).Select(r => (r.TsNs - origin, r.Status)).Order(),
            back.Where(r => r.Kind == RingEventKind.Response).Select(r => (r.TsNs, r.Status)).Order());
        Assert.Equal(0, report.Warning(ImportWarnings.UnmatchedCompletions));
        Assert.Equal(0, report.Warning(ImportWarnings.IncompleteRequests));
        Assert.Equal(rows.Count(r => r.Kind == RingEventKind.StoreFlush), export.Skipped[ExportSkips.StoreFlushRows]);
    }

    [Fact]
    public void Export_EveryOp_WritesTheRwbsOfFormatsMd()
    {
        BlkifRequest[] requests =
        [
            BlkifRequest.Direct(BlkifOperation.Read, 1, 8, [new(1, 0, 7)]),
            BlkifRequest.Direct(BlkifOperation.Write, 2, 16, [new(1, 0, 7)]),
            BlkifRequest.Direct(BlkifOperation.WriteBarrier, 3, 24, [new(1, 0, 7)]),
            BlkifRequest.Direct(BlkifOperation.WriteBarrier, 4, 0, []),
            BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 5, 0, []),
            BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 6, 32, [new(1, 0, 3)]),
            BlkifRequest.Discard(7, 40, 2048),
            BlkifRequest.Indirect(BlkifOperation.Write, 8, 64, 16, [9]),
        ];
        var rows = new List<RingEvent>();
        foreach (var r in requests)
        {
            var indirect = r.Operation == BlkifOperation.Indirect ? Enumerable.Repeat(new BlkifSegment(1, 0, 7), 16).ToArray() : [];
            rows.Add(RingEvent.FromRequest(rows.Count, rows.Count * 10, 0, (uint)rows.Count, r, indirect, null));
        }

        var export = BlktraceExporter.Export(rows, _dir.Combine("ops.blktrace"), new BlktraceExportOptions { Events = BlktraceEventSet.Minimal });
        var records = ReadAll(export.Files[0]);

        var queued = records.Where(r => r.Action == BlktraceAction.Queue).ToArray();
        Assert.Equal(["R", "W", "FWFS", "FN", "FN", "FWS", "D", "W"], queued.Select(Rwbs));
        Assert.Equal([4096u, 4096, 4096, 0, 0, 2048, 1 << 20, 16 * 4096], queued.Select(r => r.Bytes));
        Assert.Equal(_dir.Combine("ops.blktrace.0"), export.Files[0]);
        Assert.Equal(8, export.Action("Q"));
        Assert.Equal(8, export.Action("D"));
        Assert.Equal(0, export.Action("G"));
    }

    [Fact]
    public void Export_ResponseStatus_WrittenAsNegativeErrno()
    {
        var rows = new List<RingEvent>();
        var statuses = new[] { BlkifStatus.Okay, BlkifStatus.Error, BlkifStatus.EOpNotSupp };
        for (int i = 0; i < statuses.Length; i++)
        {
            rows.Add(RingEvent.FromRequest(rows.Count, i * 10, 0, (uint)i, BlkifRequest.Direct(BlkifOperation.Write, (ulong)i, (ulong)(8 * i), [new(1, 0, 7)]), [], null));
        }

        for (int i = 0; i < statuses.Length; i++)
        {
            rows.Add(RingEvent.FromResponse(rows.Count, 100 + i, 0, (uint)i, new BlkifResponse((ulong)i, BlkifOperation.Write, statuses[i])));
        }

        var export = BlktraceExporter.Export(rows, _dir.Combine("err"));
        var completions = ReadAll(export.Files[0]).Where(r => r.Action == BlktraceAction.Complete).ToArray();

        Assert.Equal([(ushort)0, unchecked((ushort)-5), unchecked((ushort)-95)], completions.Select(c => c.Error));
        Assert.Equal([0UL, 8, 16], completions.Select(c => c.Sector));
    }

    [Fact]
    public void Export_ResponseWithoutRequestAndStoreFlush_LeftOutAndCounted()
    {
        RingEvent[] rows =
        [
            RingEvent.FromResponse(0, 5, 0, 0, new BlkifResponse(77, BlkifOperation.Read, BlkifStatus.Okay)),
            RingEvent.FromStoreFlush(1, 6, 0, 3),
        ];

        var export = BlktraceExporter.Export(rows, _dir.Combine("skip"));

        Assert.Equal(1, export.Skipped[ExportSkips.UnpairedResponses]);
        Assert.Equal(1, export.Skipped[ExportSkips.StoreFlushRows]);
        Assert.Equal(0, export.Action("C"));
    }

    [Fact]
    public void Export_ExistingOutput_Refused()
    {
        File.WriteAllText(_dir.Combine("x.blktrace.0"), "keep me");
        var rows = InteropTraces.Random(10, seed: 1);

        Assert.Throws<IOException>(() => BlktraceExporter.Export(rows, _dir.Combine("x.blktrace.0")));
        Assert.Equal("keep me", File.ReadAllText(_dir.Combine("x.blktrace.0")));
    }

    [Theory]
    [InlineData("/a/b/sda.blktrace.0", "/a/b/sda")]
    [InlineData("/a/b/sda.blktrace", "/a/b/sda")]
    [InlineData("/a/b/sda", "/a/b/sda")]
    public void OutputPrefix_AnyNamingOfTheCapture_SamePrefix(string output, string prefix) =>
        Assert.Equal(prefix, BlktraceExporter.OutputPrefix(output));

    internal static List<BlktraceRecord> ReadAll(string path)
    {
        var records = new List<BlktraceRecord>();
        var bytes = File.ReadAllBytes(path);
        for (int o = 0; o + 48 <= bytes.Length;)
        {
            var s = bytes.AsSpan(o);
            var r = new BlktraceRecord
            {
                Sequence = BitConverter.ToUInt32(s[4..]),
                Time = BitConverter.ToUInt64(s[8..]),
                Sector = BitConverter.ToUInt64(s[16..]),
                Bytes = BitConverter.ToUInt32(s[24..]),
                ActionWord = BitConverter.ToUInt32(s[28..]),
                Error = BitConverter.ToUInt16(s[44..]),
                PduLength = BitConverter.ToUInt16(s[46..]),
            };
            records.Add(r);
            o += 48 + r.PduLength;
        }

        return records;
    }

    /// <summary>blkparse's rwbs letters (blkparse fill_rwbs).</summary>
    internal static string Rwbs(BlktraceRecord r)
    {
        var c = r.Categories;
        string s = (c & BlktraceCategory.Flush) != 0 ? "F" : string.Empty;
        s += (c & BlktraceCategory.Discard) != 0 ? "D" : (c & BlktraceCategory.Write) != 0 ? "W" : r.Bytes != 0 ? "R" : "N";
        s += (c & BlktraceCategory.Fua) != 0 ? "F" : string.Empty;
        s += (c & BlktraceCategory.Sync) != 0 ? "S" : string.Empty;
        return s;
    }

    private static (long Ts, BlkifOperation Op, BlkifOperation? Inner, int Segments, ulong Sector, int Sectors) Shape(in RingEvent r, long ts)
    {
        // A 0-segment WRITE_BARRIER leaves as FN and comes back as the same flush intent, FLUSH_DISKCACHE.
        var op = r.Operation == BlkifOperation.WriteBarrier && r.NrSectors == 0 ? BlkifOperation.FlushDiskCache : r.Operation;
        return (ts, op, r.IndirectOperation, r.NrSegments, r.Sector, r.NrSectors);
    }
}
