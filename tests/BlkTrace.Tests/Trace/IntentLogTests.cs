using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Trace;

/// <summary>The intent log: what Replay writes and Analysis reads, pinned and read by DuckDB unaided.</summary>
public class IntentLogTests
{
    private static List<IntentRecord> Sample() =>
    [
        new(0, IntentKind.Flush, 0, 0, 0, 100, 250, BlkifStatus.Okay, [0x10001UL], "xdf connect probe"),
        new(1, IntentKind.Write, 2048, 16, 1, 300, 900, BlkifStatus.Okay, [0x20001UL, 0x20002UL], null),
        new(2, IntentKind.Read, 2048, 8, 0, 950, null, null, [0x30001UL], null),
        new(3, IntentKind.Flush, 156, 1, 1, 1000, 1100, BlkifStatus.Okay, [], "flush disabled after ERROR (linux <= 6.10)"),
        new(4, IntentKind.DurableWrite, 4096, 8, 2, 1200, 1500, BlkifStatus.Error, [ulong.MaxValue], null),
        new(5, IntentKind.Discard, 8192, 64, 0, 1600, 1700, BlkifStatus.EOpNotSupp, [], "no feature-discard"),
    ];

    [Fact]
    public void WriteThenRead_EveryColumn_RoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(IntentLogSchema.FileName);
        var rows = Sample();
        IntentLogWriter.Write(path, rows, new Dictionary<string, string> { [TraceMetadataKeys.Strategy] = "xdf" });

        var log = IntentLogReader.Read(dir.Path);
        Assert.Equal("1", log.Metadata[IntentLogSchema.SchemaVersionKey]);
        Assert.Equal("xdf", log.Metadata[TraceMetadataKeys.Strategy]);
        Assert.Equal(rows.Count, log.Rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (a, b) = (rows[i], log.Rows[i]);
            Assert.Equal((a.IntentSeq, a.Kind, a.Sector, a.NrSectors, a.Generation, a.IssueTsNs, a.DoneTsNs, a.GuestStatus, a.Note), (b.IntentSeq, b.Kind, b.Sector, b.NrSectors, b.Generation, b.IssueTsNs, b.DoneTsNs, b.GuestStatus, b.Note));
            Assert.Equal(a.RingIds, b.RingIds);
        }

        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Write_DuckDb_ReadsColumnsTypesAndRingIdsUnaided()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(IntentLogSchema.FileName);
        IntentLogWriter.Write(path, Sample());
        string file = DuckDb.Literal(path);

        var types = DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({file}))")
            .Select(r => $"{r[0]} {r[1]}").ToList();
        Assert.Equal(
            ["intent_seq BIGINT", "kind TINYINT", "sector BIGINT", "nr_sectors INTEGER", "generation BIGINT", "issue_ts_ns BIGINT", "done_ts_ns BIGINT", "guest_status SMALLINT", "ring_ids BLOB", "note VARCHAR"],
            types);
        var row = DuckDb.Query($"SELECT kind, octet_length(ring_ids), generation, note FROM read_parquet({file}) WHERE intent_seq = 1")[0];
        Assert.Equal((sbyte)1, Convert.ToSByte(row[0]));
        Assert.Equal(16L, Convert.ToInt64(row[1]));
        Assert.Equal(1L, Convert.ToInt64(row[2]));
        Assert.Null(row[3]);
        var nulls = DuckDb.Query($"SELECT count(*) - count(done_ts_ns), count(*) - count(guest_status) FROM read_parquet({file})")[0];
        Assert.Equal((1L, 1L), (Convert.ToInt64(nulls[0]), Convert.ToInt64(nulls[1])));
    }

    [Fact]
    public void Schema_Columns_AreFrozen()
    {
        Assert.Equal(1, IntentLogSchema.Version);
        Assert.Equal(
            ["intent_seq Int64 False", "kind Int8 False", "sector Int64 False", "nr_sectors Int32 False", "generation Int64 False", "issue_ts_ns Int64 False", "done_ts_ns Int64 True", "guest_status Int16 True", "ring_ids Binary True", "note String True"],
            IntentLogSchema.Columns.Select(c => $"{c.Name} {c.Type} {c.Nullable}"));
        Assert.Equal([0, 1, 2, 3, 4], Enum.GetValues<IntentKind>().Select(k => (int)k));
    }

    [Fact]
    public void Read_ATraceNotAnIntentLog_OneLineErrorNamingTheFile()
    {
        var sample = Path.Combine(Support.TestPaths.RepoRoot, "sample-traces", "oltp-linux.parquet");
        var e = Assert.Throws<InvalidDataException>(() => IntentLogReader.Read(sample));
        Assert.StartsWith(sample, e.Message, StringComparison.Ordinal);
        Assert.Contains("not an intent log", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Write_NoRows_StillAValidLog()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("empty.parquet");
        IntentLogWriter.Write(path, []);
        Assert.Empty(IntentLogReader.Read(path).Rows);
    }
}
