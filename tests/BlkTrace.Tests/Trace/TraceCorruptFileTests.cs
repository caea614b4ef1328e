using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Trace;

/// <summary>Bad files are an InvalidDataException with one line naming the file — never a crash or a hang.</summary>
public class TraceCorruptFileTests
{
    [Fact]
    public void Reader_Garbage_InvalidDataNamingFile()
    {
        using var dir = new TempDirectory();
        string file = dir.Combine("garbage.parquet");
        var bytes = new byte[1000];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
        AssertBad(file, "not a Parquet file");
    }

    [Fact]
    public void Reader_EmptyFile_InvalidData() => WithFile([], file => AssertBad(file, "too short"));

    [Fact]
    public void Reader_TruncatedSegment_InvalidDataAtEveryCut()
    {
        using var dir = new TempDirectory();
        string good = WriteCapture(dir, 3_000);
        byte[] bytes = File.ReadAllBytes(good);
        var rng = new Random(2);
        int[] cuts = [0, 3, 4, 11, 12, bytes.Length / 2, bytes.Length - 9, bytes.Length - 8, bytes.Length - 1, .. Enumerable.Range(0, 20).Select(_ => rng.Next(bytes.Length))];
        foreach (int cut in cuts)
        {
            string file = dir.Combine($"cut{cut}.parquet");
            File.WriteAllBytes(file, bytes[..cut]);
            AssertBad(file, string.Empty);
        }
    }

    [Fact]
    public void Reader_OtherTable_InvalidDataNamingMissingColumn()
    {
        using var dir = new TempDirectory();
        string file = dir.Combine("other.parquet");
        DuckDb.Query($"COPY (SELECT 1 AS a, 'x' AS b) TO {DuckDb.Literal(file)} (FORMAT parquet)");
        AssertBad(file, "column 'seq' is missing");
    }

    [Fact]
    public void Reader_ColumnOfWrongType_InvalidDataNamingColumn()
    {
        using var dir = new TempDirectory();
        string good = WriteCapture(dir, 10);
        string file = dir.Combine("wrong.parquet");
        DuckDb.Query($"COPY (SELECT * REPLACE (CAST(ts_ns AS VARCHAR) AS ts_ns) FROM read_parquet({DuckDb.Literal(good)})) TO {DuckDb.Literal(file)} (FORMAT parquet)");
        AssertBad(file, "column 'ts_ns'");
    }

    [Fact]
    public void Reader_NullInRequiredColumn_InvalidDataWhenRead()
    {
        using var dir = new TempDirectory();
        string good = WriteCapture(dir, 10);
        string file = dir.Combine("nulls.parquet");
        DuckDb.Query($"COPY (SELECT * REPLACE (CASE WHEN seq = 5 THEN NULL ELSE id END AS id) FROM read_parquet({DuckDb.Literal(good)})) TO {DuckDb.Literal(file)} (FORMAT parquet)");
        AssertBad(file, "column 'id' has nulls");
    }

    [Fact]
    public void Reader_NewerSchemaVersion_InvalidDataSayingSo()
    {
        using var dir = new TempDirectory();
        string good = WriteCapture(dir, 10);
        string file = dir.Combine("v2.parquet");
        DuckDb.Query($"COPY (SELECT * FROM read_parquet({DuckDb.Literal(good)})) TO {DuckDb.Literal(file)} (FORMAT parquet, KV_METADATA {{'blktrace.schema_version': '2'}})");
        AssertBad(file, "schema version 2");
    }

    [Fact]
    public void Reader_FlippedBytes_ReadsOrFailsAsInvalidDataOnly()
    {
        using var dir = new TempDirectory();
        string good = WriteCapture(dir, 5_000);
        byte[] bytes = File.ReadAllBytes(good);
        var rng = new Random(3);
        for (int trial = 0; trial < 60; trial++)
        {
            byte[] copy = (byte[])bytes.Clone();
            for (int k = 0; k < 1 + (trial % 4); k++)
            {
                copy[rng.Next(4, copy.Length - 8)] ^= (byte)rng.Next(1, 256);
            }

            string file = dir.Combine($"flip{trial}.parquet");
            File.WriteAllBytes(file, copy);
            try
            {
                using var reader = TraceReader.Open(file);
                while (reader.MoveNext())
                {
                }
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith(file, e.Message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }

    [Fact]
    public void Reader_MissingPath_FileNotFoundNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TraceReader.Open("/nonexistent/trace"));
        Assert.StartsWith("/nonexistent/trace", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_DirectoryWithoutSegments_InvalidData()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidDataException>(() => TraceReader.Open(dir.Path));
        Assert.Contains("no .parquet segments", e.Message, StringComparison.Ordinal);
    }

    private static string WriteCapture(TempDirectory dir, int rows)
    {
        using (var writer = new TraceWriter(dir.Combine("cap"), new TraceMetadata(), new TraceWriterOptions { RowGroupRows = 1_000 }))
        {
            foreach (var e in SampleEvents.Mixed(rows, seed: 9))
            {
                writer.Append(e);
            }
        }

        return TraceReader.ResolveSegments(dir.Combine("cap"))[0];
    }

    private static void WithFile(byte[] bytes, Action<string> check)
    {
        using var dir = new TempDirectory();
        string file = dir.Combine("f.parquet");
        File.WriteAllBytes(file, bytes);
        check(file);
    }

    private static void AssertBad(string file, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            using var reader = TraceReader.Open(file);
            while (reader.MoveNext())
            {
            }
        });
        Assert.StartsWith(file + ":", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
