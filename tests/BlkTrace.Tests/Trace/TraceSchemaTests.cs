using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Trace;

/// <summary>
/// The on-disk format, frozen. If one of these fails you changed trace schema v1: bump
/// <see cref="TraceSchema.Version"/>, update design.md §4 and these tables together.
/// </summary>
public class TraceSchemaTests
{
    // name, type, nullable, DuckDB type, Parquet physical type, converted type
    private static readonly (string Name, TraceColumnType Type, bool Nullable, string DuckDb, string Physical, string? Converted)[] Frozen =
    [
        ("seq", TraceColumnType.Int64, false, "BIGINT", "INT64", "INT_64"),
        ("ts_ns", TraceColumnType.Int64, false, "BIGINT", "INT64", "INT_64"),
        ("kind", TraceColumnType.Int8, false, "TINYINT", "INT32", "INT_8"),
        ("queue", TraceColumnType.Int16, false, "SMALLINT", "INT32", "INT_16"),
        ("ring_idx", TraceColumnType.Int64, false, "BIGINT", "INT64", "INT_64"),
        ("id", TraceColumnType.UInt64, false, "UBIGINT", "INT64", "UINT_64"),
        ("op", TraceColumnType.Int8, false, "TINYINT", "INT32", "INT_8"),
        ("indirect_op", TraceColumnType.Int8, true, "TINYINT", "INT32", "INT_8"),
        ("nr_segments", TraceColumnType.Int16, false, "SMALLINT", "INT32", "INT_16"),
        ("handle", TraceColumnType.Int32, false, "INTEGER", "INT32", "INT_32"),
        ("sector", TraceColumnType.Int64, false, "BIGINT", "INT64", "INT_64"),
        ("nr_sectors", TraceColumnType.Int32, false, "INTEGER", "INT32", "INT_32"),
        ("seg_layout", TraceColumnType.Binary, true, "BLOB", "BYTE_ARRAY", null),
        ("status", TraceColumnType.Int16, true, "SMALLINT", "INT32", "INT_16"),
        ("data_hash", TraceColumnType.Int64, true, "BIGINT", "INT64", "INT_64"),
    ];

    [Fact]
    public void Schema_V1Columns_AreFrozen()
    {
        Assert.Equal(1, TraceSchema.Version);
        Assert.Equal(
            Frozen.Select(f => (f.Name, f.Type, f.Nullable)),
            TraceSchema.Columns.Select(c => (c.Name, c.Type, c.Nullable)));
    }

    [Fact]
    public void Schema_V1Codes_AreFrozen()
    {
        Assert.Equal([("Request", 0), ("Response", 1), ("StoreFlush", 2)], Enum.GetValues<RingEventKind>().Select(k => (k.ToString(), (int)k)));
        Assert.Equal(
            [("Read", 0), ("Write", 1), ("WriteBarrier", 2), ("FlushDiskCache", 3), ("Reserved1", 4), ("Discard", 5), ("Indirect", 6)],
            Enum.GetValues<BlkifOperation>().Select(o => (o.ToString(), (int)o)));
        Assert.Equal([("EOpNotSupp", -2), ("Error", -1), ("Okay", 0)], Enum.GetValues<BlkifStatus>().Select(s => (s.ToString(), (int)s)).OrderBy(s => s.Item2));
    }

    [Fact]
    public void Schema_V1MetadataKeys_AreFrozen()
    {
        string[] keys =
        [
            "blktrace.schema_version", "blktrace.abi", "blktrace.ring_page_order", "blktrace.ring_size", "blktrace.queues",
            "blktrace.profile", "blktrace.backend.", "blktrace.store", "blktrace.sectors", "blktrace.sector_size",
            "blktrace.capture_start_utc", "blktrace.clock", "blktrace.dropped_events", "blktrace.strategy",
            "blktrace.timing_mode", "blktrace.source_trace", "blktrace.writer", "blktrace.",
        ];
        var declared = typeof(TraceMetadataKeys).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);
        Assert.Equal(keys.Order(StringComparer.Ordinal), declared);
    }

    [Fact]
    public void WrittenFile_OtherReaderSeesFrozenTypesAndMetadata()
    {
        using var dir = new TempDirectory();
        using (var writer = new TraceWriter(dir.Path, new TraceMetadata { Abi = "x86_64-abi" }))
        {
            writer.Append(SampleEvents.Mixed(1, 1)[0]);
        }

        string file = DuckDb.Literal(TraceReader.ResolveSegments(dir.Path)[0]);
        var described = DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({file})").Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!));
        Assert.Equal(Frozen.Select(f => (f.Name, f.DuckDb, "YES")), described);

        var physical = DuckDb.Query($"SELECT name, type, converted_type, repetition_type FROM parquet_schema({file}) WHERE name <> 'duckdb_schema' AND num_children IS NULL OR num_children = 0")
            .Select(r => ((string)r[0]!, (string?)r[1], (string?)r[2], (string?)r[3]));
        Assert.Equal(Frozen.Select(f => (f.Name, (string?)f.Physical, f.Converted, (string?)(f.Nullable ? "OPTIONAL" : "REQUIRED"))), physical);

        var kv = DuckDb.Query($"SELECT decode(key), decode(value) FROM parquet_kv_metadata({file})").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal("1", kv["blktrace.schema_version"]);
        Assert.Equal("x86_64-abi", kv["blktrace.abi"]);
        Assert.Equal("0", kv["blktrace.dropped_events"]);
    }
}
