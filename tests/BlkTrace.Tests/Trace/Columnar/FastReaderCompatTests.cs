using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Trace.Columnar;

/// <summary>
/// The fast column reader against files other writers make: DuckDB's (every column OPTIONAL,
/// dictionary pages, Snappy/Zstd/none, data page v2 with DELTA_BINARY_PACKED when asked for
/// PARQUET_VERSION V2), and Parquet.Net's own, read back equal to what was written and equal to
/// what the Parquet.Net-only path reads.
/// </summary>
public class FastReaderCompatTests
{
    [Theory]
    [InlineData("COMPRESSION zstd")]
    [InlineData("COMPRESSION snappy")]
    [InlineData("COMPRESSION uncompressed")]
    [InlineData("COMPRESSION zstd, PARQUET_VERSION V2")]
    [InlineData("COMPRESSION snappy, PARQUET_VERSION V2, ROW_GROUP_SIZE 700")]
    [InlineData("COMPRESSION uncompressed, PARQUET_VERSION V2")]
    public void Reader_FileWrittenByDuckDb_SameRowsAsWritten(string options)
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(3_000, seed: 21);
        string source = Write(dir, events, new TraceWriterOptions());
        string copy = dir.Combine("duck.parquet");
        DuckDb.Query($"COPY (SELECT * FROM read_parquet({DuckDb.Literal(source)}) ORDER BY seq) TO {DuckDb.Literal(copy)} (FORMAT parquet, {options})");
        Assert.Equal(events, TraceReader.ReadAll(copy));
        Assert.Equal(ReadAnalyzerColumns(copy, fast: false), ReadAnalyzerColumns(copy, fast: true));
    }

    [Fact]
    public void Reader_DuckDbNullInRequiredColumn_InvalidDataNamingColumn()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(500, seed: 22);
        string source = Write(dir, events, new TraceWriterOptions());
        string copy = dir.Combine("nulls.parquet");
        DuckDb.Query($"COPY (SELECT * REPLACE (CASE WHEN seq = 7 THEN NULL ELSE ts_ns END AS ts_ns) FROM read_parquet({DuckDb.Literal(source)}) ORDER BY seq) TO {DuckDb.Literal(copy)} (FORMAT parquet)");
        var e = Assert.Throws<InvalidDataException>(() => TraceReader.ReadAll(copy));
        Assert.Contains("ts_ns", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(copy, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_ParquetNetFileSmallRowGroups_FastEqualsParquetNet()
    {
        using var dir = new TempDirectory();
        var events = SampleEvents.Mixed(4_000, seed: 23);
        string file = Write(dir, events, new TraceWriterOptions { RowGroupRows = 333 });
        Assert.Equal(events, TraceReader.ReadAll(file));
        Assert.Equal(ReadAnalyzerColumns(file, fast: false), ReadAnalyzerColumns(file, fast: true));
    }

    private static string Write(TempDirectory dir, List<RingEvent> events, TraceWriterOptions options)
    {
        string output = dir.Combine("cap");
        using (var writer = new TraceWriter(output, new TraceMetadata(), options))
        {
            foreach (var e in events)
            {
                writer.Append(e);
            }
        }

        return TraceReader.ResolveSegments(output).Single();
    }

    /// <summary>Every row of the columns the analyzer reads, decoded by one path or the other.</summary>
    private static List<RingEvent> ReadAnalyzerColumns(string file, bool fast)
    {
        var columns = TraceColumns.All & ~TraceColumns.SegLayout;
        AppContext.SetSwitch(TraceReader.ParquetNetOnlySwitch, !fast);
        try
        {
            using var reader = TraceReader.Open(file, columns);
            var rows = new List<RingEvent>();
            while (reader.MoveNext())
            {
                rows.AddRange(reader.Current.ToArray());
            }

            // Every chunk of those columns goes through one path only: nothing falls back silently.
            Assert.Equal(fast ? 0 : reader.FastChunks + reader.FallbackChunks, reader.FallbackChunks);
            Assert.True(!fast || reader.FastChunks > 0);
            return rows;
        }
        finally
        {
            AppContext.SetSwitch(TraceReader.ParquetNetOnlySwitch, false);
        }
    }
}
