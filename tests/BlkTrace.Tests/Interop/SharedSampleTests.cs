using System.Text.Json;
using BlkTrace.Interop;
using BlkTrace.Interop.Csv;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Tests.Support;
using BlkTrace.Trace;

namespace BlkTrace.Tests.Interop;

/// <summary>
/// Imports of the independent samples of <c>../shared/traces</c> against their ground truth. The
/// samples are shipped as fixtures (<c>Interop/Fixtures</c>, provenance in its README) so these run on
/// a fresh clone; when <c>../shared</c> is present the copies are checked against the originals.
/// </summary>
public sealed class SharedSampleTests
{
    [Fact]
    public void Import_GeneratedMixedFlushFua_AgreesWithExpectJson()
    {
        string dir = Traces();
        var (rows, report) = BlktraceImportTests.Import(Path.Combine(dir, "xvd-mixed-flush-fua.blktrace.0"));
        using var expect = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "xvd-mixed-flush-fua.expect.json")));
        var e = expect.RootElement;
        var kinds = e.GetProperty("kinds");
        int Kind(string k) => kinds.GetProperty(k).GetInt32();

        var requests = rows.Where(r => r.Kind == RingEventKind.Request).ToDictionary(r => r.Id);
        var responses = rows.Where(r => r.Kind == RingEventKind.Response).ToArray();
        Assert.Equal(e.GetProperty("requests").GetInt32(), requests.Count);
        Assert.Equal(requests.Count, responses.Length);
        Assert.Equal(e.GetProperty("events").GetInt32() + 1, report.SourceEvents); // + the process-name notify record

        static BlkifOperation Op(RingEvent r) => r.IndirectOperation ?? r.Operation;
        Assert.Equal(Kind("R") + Kind("RS"), requests.Values.Count(r => Op(r) == BlkifOperation.Read));
        Assert.Equal(Kind("W") + Kind("WS"), requests.Values.Count(r => Op(r) == BlkifOperation.Write));
        Assert.Equal(Kind("FL"), requests.Values.Count(r => Op(r) == BlkifOperation.FlushDiskCache && r.NrSectors == 0));
        Assert.Equal(Kind("FW"), requests.Values.Count(r => Op(r) == BlkifOperation.FlushDiskCache && r.NrSectors > 0));
        Assert.Equal(Kind("WFUA") + Kind("FWFUA"), requests.Values.Count(r => Op(r) == BlkifOperation.WriteBarrier));
        Assert.Equal(Kind("WFUA"), report.Warning(ImportWarnings.FuaAsBarrier));

        Assert.Equal(e.GetProperty("bytes_read").GetInt64(), requests.Values.Where(r => Op(r) == BlkifOperation.Read).Sum(r => r.NrSectors * 512L));
        Assert.Equal(e.GetProperty("bytes_written").GetInt64(), requests.Values.Where(r => Op(r) != BlkifOperation.Read).Sum(r => r.NrSectors * 512L));

        // The Q→C sum does not depend on which of two identical in-flight flushes a completion is given.
        long q2c = responses.Sum(r => r.TsNs - requests[r.Id].TsNs);
        long q2cData = responses.Where(r => requests[r.Id].NrSectors > 0).Sum(r => r.TsNs - requests[r.Id].TsNs);
        Assert.Equal(e.GetProperty("q2c_ns_sum").GetInt64(), q2c);
        Assert.Equal(e.GetProperty("q2c_ns_sum_data").GetInt64(), q2cData);
        Assert.Equal(e.GetProperty("n_data").GetInt32(), requests.Values.Count(r => r.NrSectors > 0));
        Assert.Equal(0, report.Warning(ImportWarnings.UnmatchedCompletions) + report.Warning(ImportWarnings.IncompleteRequests));
    }

    [Fact]
    public void Import_RealNvmeReadahead_EveryReadPairedAsBlkparseCounts()
    {
        // blkparse: "Reads Queued: 963, 3852KiB", "Reads Completed: 963, 3852KiB", 6741 events.
        var (rows, report) = BlktraceImportTests.Import(Path.Combine(Traces(), "nvme-readahead.blktrace.0"));

        Assert.Equal(6741 + 2, report.SourceEvents); // + two process-name notify records
        Assert.Equal(963, report.Requests);
        Assert.Equal(963, report.Responses);
        Assert.Equal(3852L * 1024, rows.Where(r => r.Kind == RingEventKind.Request).Sum(r => r.NrSectors * 512L));
        Assert.All(rows.Where(r => r.Kind == RingEventKind.Request), r => Assert.Equal(BlkifOperation.Read, r.Operation));
        Assert.Equal(0, report.WarningCount);
        Assert.Equal("0=259,0", report.QueueAssignment);
    }

    [Fact]
    public void Import_MsrSnippetWithHeader_EveryRowARequestAndAResponse()
    {
        string path = Path.Combine(Traces(), "msr-hm0-snippet.csv");
        var sink = new RowListSink();
        var report = CsvImporter.Import(path, sink);
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(CsvLayouts.Fields).ToArray();

        Assert.Equal(TraceFormat.MsrCsv, FormatDetector.Detect(path));
        Assert.Equal(lines.Length, report.Requests);
        Assert.Equal(lines.Length, report.Responses);
        Assert.Equal(0, report.WarningCount);
        var requests = sink.Rows.Where(r => r.Kind == RingEventKind.Request).ToArray();
        Assert.Equal(lines.Select(l => ulong.Parse(l[4], System.Globalization.CultureInfo.InvariantCulture) / 512), requests.Select(r => r.Sector));
        Assert.Equal(lines.Count(l => l[3] == "Write"), requests.Count(r => (r.IndirectOperation ?? r.Operation) == BlkifOperation.Write));
    }

    [SkippableFact]
    public void Fixtures_WhenSharedIsPresent_AreByteIdenticalCopies()
    {
        string? shared = TestPaths.SharedDir;
        Skip.If(shared is null || !Directory.Exists(Path.Combine(shared, "traces")), "../shared/traces is absent (a fresh clone)");
        foreach (string name in new[] { "nvme-readahead.blktrace.0", "xvd-mixed-flush-fua.blktrace.0", "xvd-mixed-flush-fua.expect.json", "msr-hm0-snippet.csv" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(shared!, "traces", name)), File.ReadAllBytes(Path.Combine(Traces(), name)));
        }
    }

    /// <summary>The shipped copies of the shared samples.</summary>
    internal static string Traces() => Path.Combine(TestPaths.RepoRoot, "tests", "BlkTrace.Tests", "Interop", "Fixtures");
}
