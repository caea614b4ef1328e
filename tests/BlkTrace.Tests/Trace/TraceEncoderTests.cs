using System.Globalization;
using System.Numerics;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;
using FsCheck.Xunit;

namespace BlkTrace.Tests.Trace;

/// <summary>
/// Our own Parquet encoder (the write path) against two independent readers: Parquet.Net (our
/// reader) and DuckDB (statistics, filters). Extreme values, nulls, dictionary overflow, empty layouts.
/// </summary>
public class TraceEncoderTests
{
    private static readonly TraceWriterOptions Small = new() { RowGroupRows = 300, MaxSegmentRows = 1000, MaxSegmentAge = null };

    [Fact]
    public void WriterReader_ExtremeValues_ReadBackEqual()
    {
        using var dir = new TempDirectory();
        var events = Extremes();
        Write(dir.Path, events, Small);
        var back = TraceReader.ReadAll(dir.Path);
        Assert.Equal(events.Count, back.Length);
        for (int i = 0; i < events.Count; i++)
        {
            Assert.Equal(events[i], back[i]);
        }
    }

    [Fact]
    public void WriterReader_MoreDistinctValuesThanADictionary_ReadBackEqual()
    {
        // 5 000 distinct ids, ops and nr_sectors in one row group: the dictionary gives up, the fallback encodes.
        using var dir = new TempDirectory();
        var rng = new Random(11);
        var events = new List<RingEvent>();
        for (int i = 0; i < 5_000; i++)
        {
            events.Add(new RingEvent
            {
                Seq = i,
                TsNs = rng.NextInt64(),
                Kind = (RingEventKind)(sbyte)rng.Next(-128, 128),
                Queue = (short)rng.Next(short.MinValue, short.MaxValue + 1),
                RingIndex = (uint)rng.NextInt64(0, 1L << 32),
                Id = (ulong)rng.NextInt64() * 3,
                Operation = (BlkifOperation)(sbyte)rng.Next(-128, 128),
                IndirectOperation = i % 3 == 0 ? null : (BlkifOperation)(sbyte)rng.Next(-128, 128),
                NrSegments = (ushort)rng.Next(0, 65536),
                Handle = (ushort)rng.Next(0, 65536),
                Sector = (ulong)rng.NextInt64() << 1,
                NrSectors = rng.Next(int.MinValue, int.MaxValue),
                Status = i % 2 == 0 ? null : (BlkifStatus)(short)rng.Next(short.MinValue, short.MaxValue + 1),
                DataHash = i % 5 == 0 ? null : rng.NextInt64(long.MinValue, long.MaxValue),
                SegLayout = i % 4 == 0 ? null : new byte[rng.Next(0, 40)],
            });
        }

        Write(dir.Path, events, new TraceWriterOptions { RowGroupRows = 5_000, MaxSegmentAge = null });
        Assert.Equal(events, TraceReader.ReadAll(dir.Path));
    }

    [Property(MaxTest = 60, Replay = "(12345,67891)")]
    public bool WriterReader_AnyIntegerColumns_RoundTrip(long[] ts, ulong[] ids, int[] nrSectors, short[] statuses)
    {
        int n = Math.Max(Math.Max(ts.Length, ids.Length), Math.Max(nrSectors.Length, statuses.Length));
        var events = new List<RingEvent>(n);
        for (int i = 0; i < n; i++)
        {
            events.Add(new RingEvent
            {
                Seq = i,
                TsNs = ts.Length > 0 ? ts[i % ts.Length] : 0,
                Id = ids.Length > 0 ? ids[i % ids.Length] : 0,
                Sector = ids.Length > 0 ? ids[(i + 1) % ids.Length] : 0,
                NrSectors = nrSectors.Length > 0 ? nrSectors[i % nrSectors.Length] : 0,
                Status = statuses.Length > 0 && statuses[i % statuses.Length] % 3 != 0 ? (BlkifStatus)statuses[i % statuses.Length] : null,
                Kind = RingEventKind.Response,
            });
        }

        using var dir = new TempDirectory();
        Write(dir.Path, events, new TraceWriterOptions { RowGroupRows = 130, MaxSegmentAge = null });
        return TraceReader.ReadAll(dir.Path).SequenceEqual(events);
    }

    [Fact]
    public void DuckDb_FiltersOnIdTsSector_ReturnTheRightRowsAndUnsignedIdStatistics()
    {
        using var dir = new TempDirectory();
        var events = Extremes();
        Write(dir.Path, events, Small);
        string files = DuckDb.Literal(Path.Combine(dir.Path, "*.parquet"));

        Assert.Equal((long)events.Count(e => e.Id == ulong.MaxValue), Scalar($"SELECT count(*) FROM read_parquet({files}) WHERE id = 18446744073709551615"));
        Assert.Equal((long)events.Count(e => e.Id > 1UL << 63), Scalar($"SELECT count(*) FROM read_parquet({files}) WHERE id > 9223372036854775808"));
        Assert.Equal((long)events.Count(e => e.TsNs >= 1_000 && e.TsNs < 2_000), Scalar($"SELECT count(*) FROM read_parquet({files}) WHERE ts_ns >= 1000 AND ts_ns < 2000"));
        Assert.Equal((long)events.Count(e => (long)e.Sector == long.MinValue), Scalar($"SELECT count(*) FROM read_parquet({files}) WHERE sector = -9223372036854775808"));
        Assert.Equal((long)events.Count(e => (sbyte)e.Operation < 0), Scalar($"SELECT count(*) FROM read_parquet({files}) WHERE op < 0"));
        Assert.Equal((long)events.Count(e => e.Status is null), Scalar($"SELECT count(*) FROM read_parquet({files}) WHERE status IS NULL"));

        // The footer's id statistics are unsigned: the maximum is ulong.MaxValue, not -1.
        var stats = DuckDb.Query($"SELECT stats_min_value, stats_max_value FROM parquet_metadata({DuckDb.Literal(TraceReader.ResolveSegments(dir.Path)[0])}) WHERE path_in_schema = 'id' AND row_group_id = 0");
        Assert.Equal("0", (string)stats[0][0]!);
        Assert.Equal("18446744073709551615", (string)stats[0][1]!);
    }

    [Fact]
    public void DuckDb_SegmentsOfEveryShape_SameCountsAndSumsAsOurReader()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(4_000, seed: 5);
        Write(dir.Path, events, Small);
        string files = DuckDb.Literal(Path.Combine(dir.Path, "*.parquet"));
        var row = DuckDb.Query($"SELECT count(*), sum(ts_ns), sum(id::HUGEINT), sum(sector), sum(nr_sectors), count(status), count(seg_layout), sum(octet_length(seg_layout)), count(indirect_op), count(data_hash) FROM read_parquet({files})")[0];
        var back = TraceReader.ReadAll(dir.Path);
        Assert.Equal((BigInteger)back.Length, Big(row[0]));
        Assert.Equal(back.Aggregate(BigInteger.Zero, (s, e) => s + e.TsNs), Big(row[1]));
        Assert.Equal(back.Aggregate(BigInteger.Zero, (s, e) => s + e.Id), Big(row[2]));
        Assert.Equal(back.Aggregate(BigInteger.Zero, (s, e) => s + (long)e.Sector), Big(row[3]));
        Assert.Equal((BigInteger)back.Sum(e => (long)e.NrSectors), Big(row[4]));
        Assert.Equal((BigInteger)((long)back.Count(e => e.Status is not null)), Big(row[5]));
        Assert.Equal((BigInteger)((long)back.Count(e => e.SegLayout is not null)), Big(row[6]));
        Assert.Equal((BigInteger)back.Sum(e => (long)(e.SegLayout?.Length ?? 0)), Big(row[7]));
        Assert.Equal((BigInteger)((long)back.Count(e => e.IndirectOperation is not null)), Big(row[8]));
        Assert.Equal((BigInteger)((long)back.Count(e => e.DataHash is not null)), Big(row[9]));
        Assert.Equal(events, back);
    }

    [Fact]
    public void DuckDb_ChunksWhoseNullableColumnsAreAllNull_ReadLikeOurReader()
    {
        // A row group with no status, indirect_op, seg_layout or data_hash at all (a run of store flushes).
        using var dir = new TempDirectory();
        var events = Enumerable.Range(0, 500).Select(i => RingEvent.FromStoreFlush(i, i * 10L, 0, (ulong)i)).ToList();
        Write(dir.Path, events, Small);
        string files = DuckDb.Literal(Path.Combine(dir.Path, "*.parquet"));
        var row = DuckDb.Query($"SELECT count(*), count(status), count(indirect_op), count(seg_layout), count(data_hash), sum(id::HUGEINT) FROM read_parquet({files})")[0];
        Assert.Equal([(BigInteger)500, 0, 0, 0, 0, (BigInteger)(499 * 500 / 2)], row.Select(Big));
        Assert.Equal(events, TraceReader.ReadAll(dir.Path));
    }

    private static BigInteger Big(object? value) =>
        value is BigInteger b ? b : BigInteger.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);

    private static long Scalar(string sql) => Convert.ToInt64(DuckDb.Query(sql)[0][0], CultureInfo.InvariantCulture);

    private static void Write(string dir, IEnumerable<RingEvent> events, TraceWriterOptions options)
    {
        using var writer = new TraceWriter(dir, new TraceMetadata { Abi = "x86_64-abi" }, options);
        foreach (var e in events)
        {
            writer.Append(e);
        }
    }

    /// <summary>2 500 rows (three segments, row groups of 300) of extremes: every column at its minimum, maximum and in between, nulls and values mixed.</summary>
    private static List<RingEvent> Extremes()
    {
        var rng = new Random(3);
        ulong[] ids = [0, 1, ulong.MaxValue, (1UL << 63) + 5, 31];
        ulong[] sectors = [0, unchecked((ulong)long.MinValue), ulong.MaxValue, 1UL << 40];
        sbyte[] ops = [0, 1, -1, -128, 127, 6];
        var events = new List<RingEvent>();
        for (int i = 0; i < 2_500; i++)
        {
            events.Add(new RingEvent
            {
                Seq = i,
                TsNs = i * 37L,
                Kind = (RingEventKind)(i % 3),
                Queue = (short)(i % 4 == 0 ? short.MinValue : i % 4 == 1 ? short.MaxValue : i % 4),
                RingIndex = i % 7 == 0 ? uint.MaxValue : (uint)i,
                Id = ids[rng.Next(ids.Length)],
                Operation = (BlkifOperation)ops[rng.Next(ops.Length)],
                IndirectOperation = i % 5 == 0 ? (BlkifOperation)ops[rng.Next(ops.Length)] : null,
                NrSegments = i % 9 == 0 ? ushort.MaxValue : (ushort)(i % 12),
                Handle = i % 11 == 0 ? ushort.MaxValue : (ushort)0,
                Sector = sectors[rng.Next(sectors.Length)],
                NrSectors = i % 13 == 0 ? int.MinValue : i % 13 == 1 ? int.MaxValue : 8,
                SegLayout = (i % 6) switch { 0 => null, 1 => Array.Empty<byte>(), _ => new byte[] { (byte)i, 7, 0, 255 } },
                Status = (i % 4) switch { 0 => null, 1 => BlkifStatus.Okay, 2 => BlkifStatus.EOpNotSupp, _ => (BlkifStatus)short.MinValue },
                DataHash = i % 3 == 0 ? null : i % 3 == 1 ? long.MinValue : long.MaxValue - i,
            });
        }

        return events;
    }
}
