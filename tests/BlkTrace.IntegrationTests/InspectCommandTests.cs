using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Wire;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.IntegrationTests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "blkt-inspect-" + Guid.NewGuid().ToString("N")[..12]);

    public InspectCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Inspect_CaptureDirectory_PrintsSchemaMetadataCountsAndFirstRows()
    {
        string capture = Path.Combine(_dir, "cap");
        using (var writer = new TraceWriter(capture, new TraceMetadata { Abi = "x86_64-abi", Profile = "linux", DroppedEvents = 0 }, new TraceWriterOptions { MaxSegmentRows = 4 }))
        {
            var seg = new BlkifSegment[] { new(1, 0, 7) };
            long seq = 0;
            for (uint i = 0; i < 5; i++)
            {
                var request = BlkifRequest.Direct(i % 2 == 0 ? BlkifOperation.Write : BlkifOperation.Read, i, i * 8, seg);
                writer.Append(RingEvent.FromRequest(seq++, seq * 100, 0, i, request, [], null));
                writer.Append(RingEvent.FromResponse(seq++, seq * 100, 0, i, new BlkifResponse(i, request.Operation, i == 4 ? BlkifStatus.Error : BlkifStatus.Okay)));
            }

            var flush = BlkifRequest.Direct(BlkifOperation.FlushDiskCache, 9, 0, []);
            writer.Append(RingEvent.FromRequest(seq++, 2000, 0, 5, flush, [], null));
            writer.Append(RingEvent.FromStoreFlush(seq++, 2100, 0, 9));
            writer.Append(RingEvent.FromResponse(seq++, 2200, 0, 5, new BlkifResponse(9, BlkifOperation.FlushDiskCache, BlkifStatus.EOpNotSupp)));
        }

        var result = await BlktProcess.RunAsync("inspect", capture, "--rows", "3");
        Assert.True(result.ExitCode == 0, result.StdErr);
        string o = result.StdOut;
        Assert.Contains("4 segment(s), 13 rows", o, StringComparison.Ordinal);
        Assert.Contains("schema v1:", o, StringComparison.Ordinal);
        Assert.Contains("  seg_layout   Binary  null", o, StringComparison.Ordinal);
        Assert.Contains("blktrace.profile = linux", o, StringComparison.Ordinal);
        Assert.Contains("cap.00003.parquet", o, StringComparison.Ordinal);
        Assert.Contains("seq: 0..12, dense", o, StringComparison.Ordinal);
        Assert.Contains("kinds: 6 request(s), 6 response(s), 1 store flush(es)", o, StringComparison.Ordinal);
        Assert.Matches(@"\n  Write\s+3\s+24\s+0\n", o);
        Assert.Matches(@"\n  Read\s+2\s+16\s+0\n", o);
        Assert.Matches(@"\n  Write\s+2\s+1\s+0\s+0\n", o);
        Assert.Matches(@"\n  FlushDiskCache\s+0\s+0\s+1\s+0\n", o);
        Assert.Contains("first 3 row(s):", o, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+2\s+300 Request .* Read .* 0-7\n", o);
        Assert.Empty(result.StdErr);
    }

    [Fact]
    public async Task Inspect_GarbageFile_ExitsTwoWithOneLineNamingIt()
    {
        string file = Path.Combine(_dir, "garbage.parquet");
        await File.WriteAllTextAsync(file, "this is not a parquet file at all");
        var result = await BlktProcess.RunAsync("inspect", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains(file, result.StdErr, StringComparison.Ordinal);
        Assert.Contains("not a Parquet file", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TruncatedSegment_ExitsTwoWithOneLine()
    {
        string capture = Path.Combine(_dir, "t");
        using (var writer = new TraceWriter(capture, new TraceMetadata()))
        {
            writer.Append(RingEvent.FromStoreFlush(0, 0, 0, 1));
        }

        string file = TraceReader.ResolveSegments(capture)[0];
        byte[] bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)]);
        var result = await BlktProcess.RunAsync("inspect", capture);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("truncated", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingPath_ExitsTwoWithOneLine()
    {
        var result = await BlktProcess.RunAsync("inspect", Path.Combine(_dir, "nothing-here"));
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("nothing-here", result.StdErr, StringComparison.Ordinal);
    }
}
