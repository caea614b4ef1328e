using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Trace;

/// <summary>DuckDB reads our captures unaided and gets the same figures as our reader.</summary>
public class TraceDuckDbTests
{
    [Fact]
    public void CaptureDirectory_DuckDbAndOurReader_SameCountsSumsAndMetadata()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(20_000, seed: 11);
        var meta = new TraceMetadata { Abi = "x86_32-abi", Profile = "qemu", Queues = 4, CaptureStartUtc = DateTimeOffset.UnixEpoch };
        using (var writer = new TraceWriter(dir.Path, meta, new TraceWriterOptions { RowGroupRows = 1_000, MaxSegmentRows = 4_500 }))
        {
            foreach (var e in events)
            {
                writer.Append(e);
            }

            writer.DroppedEvents = 3;
        }

        // Ours, streaming.
        long count = 0, maxSeq = -1, sumTs = 0;
        var byKind = new Dictionary<int, long>();
        var sectorsByOp = new Dictionary<int, long>();
        long nullStatus = 0, layoutBytes = 0;
        using (var reader = TraceReader.Open(dir.Path))
        {
            Assert.Equal(5, reader.Segments.Count);
            while (reader.MoveNext())
            {
                var b = reader.Current;
                for (int i = 0; i < b.Count; i++)
                {
                    count++;
                    maxSeq = Math.Max(maxSeq, b.Seq[i]);
                    sumTs += b.TsNs[i];
                    byKind[(int)b.Kind[i]] = byKind.GetValueOrDefault((int)b.Kind[i]) + 1;
                    sectorsByOp[(sbyte)b.Op[i]] = sectorsByOp.GetValueOrDefault((sbyte)b.Op[i]) + b.NrSectors[i];
                    nullStatus += b.HasStatus[i] ? 0 : 1;
                }

                layoutBytes += b.SegLayoutBytes.Length;
            }
        }

        string glob = DuckDb.Literal(Path.Combine(dir.Path, "*.parquet"));
        var totals = DuckDb.Query($"SELECT count(*), max(seq), sum(ts_ns)::BIGINT, count(*) - count(status), sum(octet_length(seg_layout))::BIGINT FROM read_parquet({glob})")[0];
        Assert.Equal(count, Convert.ToInt64(totals[0]));
        Assert.Equal(maxSeq, Convert.ToInt64(totals[1]));
        Assert.Equal(sumTs, Convert.ToInt64(totals[2]));
        Assert.Equal(nullStatus, Convert.ToInt64(totals[3]));
        Assert.Equal(layoutBytes, Convert.ToInt64(totals[4]));

        var duckKinds = DuckDb.Query($"SELECT kind, count(*) FROM read_parquet({glob}) GROUP BY kind")
            .ToDictionary(r => Convert.ToInt32(r[0]), r => Convert.ToInt64(r[1]));
        Assert.Equal(byKind.OrderBy(kv => kv.Key), duckKinds.OrderBy(kv => kv.Key));

        var duckSectors = DuckDb.Query($"SELECT op, sum(nr_sectors)::BIGINT FROM read_parquet({glob}) GROUP BY op")
            .ToDictionary(r => Convert.ToInt32(r[0]), r => Convert.ToInt64(r[1]));
        Assert.Equal(sectorsByOp.OrderBy(kv => kv.Key), duckSectors.OrderBy(kv => kv.Key));

        // Gap-free seq across segments, as DuckDB sees it.
        var gaps = DuckDb.Query($"SELECT count(*) FROM (SELECT seq - lag(seq) OVER (ORDER BY seq) AS d FROM read_parquet({glob})) WHERE d <> 1")[0];
        Assert.Equal(0L, Convert.ToInt64(gaps[0]));

        var kv = DuckDb.Query($"SELECT file_name, decode(key), decode(value) FROM parquet_kv_metadata({glob}) ORDER BY file_name");
        var perFile = kv.GroupBy(r => (string)r[0]!).ToList();
        Assert.Equal(5, perFile.Count);
        Assert.All(perFile, f => Assert.Contains(f, r => (string)r[1]! == "blktrace.schema_version" && (string)r[2]! == "1"));
        Assert.All(perFile, f => Assert.Contains(f, r => (string)r[1]! == "blktrace.abi" && (string)r[2]! == "x86_32-abi"));
        Assert.Contains(perFile[^1], r => (string)r[1]! == "blktrace.dropped_events" && (string)r[2]! == "3");
    }

    [Fact]
    public void Reader_FileReExportedByDuckDb_ReadsSameRows()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(2_000, seed: 12);
        using (var writer = new TraceWriter(dir.Combine("cap"), new TraceMetadata()))
        {
            foreach (var e in events)
            {
                writer.Append(e);
            }
        }

        // DuckDB marks every column OPTIONAL and drops our metadata; the rows are still a trace.
        string src = DuckDb.Literal(Path.Combine(dir.Combine("cap"), "*.parquet"));
        string copy = dir.Combine("filtered.parquet");
        DuckDb.Query($"COPY (SELECT * FROM read_parquet({src}) ORDER BY seq) TO {DuckDb.Literal(copy)} (FORMAT parquet)");
        Assert.Equal(events, TraceReader.ReadAll(copy));
    }
}
