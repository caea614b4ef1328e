using System.Text;
using BlkTrace.Interop;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Interop.Fio;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Tests.Interop;

/// <summary><c>blkt convert</c>'s format detection: inputs by magic number or header, outputs by name.</summary>
public sealed class FormatDetectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Detect_EveryInputFormat_ByMagicOrHeader()
    {
        var rows = InteropTraces.Random(30, seed: 4);
        string blktraceLe = BlktraceExporter.Export(rows, _dir.Combine("le.blktrace")).Files[0];
        string blktraceBe = new BlktraceBuilder(bigEndian: true).Q(1, BlktraceCategory.Read, 8, 4096).Write(_dir.Combine("be.blktrace.0"));
        string v2 = FioIologExporter.Export(rows, _dir.Combine("v2.log"), new FioExportOptions { Version = FioIologVersion.V2 }).Files[0];
        string v3 = FioIologExporter.Export(rows, _dir.Combine("v3.log")).Files[0];
        string trace = _dir.Combine("trace");
        using (var writer = new TraceWriter(trace, new TraceMetadata(), new TraceWriterOptions { BaseName = "t", MaxSegmentAge = null }))
        {
            foreach (var row in rows)
            {
                writer.Append(row);
            }
        }

        string msrNoHeader = Text("msr.txt", "128166385295514663,hm,0,Write,9056014336,2048,500\n");
        string fixtures = SharedSampleTests.Traces();

        Assert.Equal(TraceFormat.Blktrace, FormatDetector.Detect(blktraceLe));
        Assert.Equal(TraceFormat.Blktrace, FormatDetector.Detect(blktraceBe));
        Assert.Equal(TraceFormat.Blktrace, FormatDetector.Detect(_dir.Combine("le")));  // a capture name with NAME.blktrace.N beside it
        Assert.Equal(TraceFormat.FioIolog, FormatDetector.Detect(v2));
        Assert.Equal(TraceFormat.FioIolog, FormatDetector.Detect(v3));
        Assert.Equal(TraceFormat.Parquet, FormatDetector.Detect(trace));
        Assert.Equal(TraceFormat.Parquet, FormatDetector.Detect(Directory.GetFiles(trace, "*.parquet")[0]));
        Assert.Equal(TraceFormat.MsrCsv, FormatDetector.Detect(msrNoHeader));
        Assert.Equal(TraceFormat.MsrCsv, FormatDetector.Detect(Path.Combine(fixtures, "msr-hm0-snippet.csv")));
        Assert.Equal(TraceFormat.NetTrace, FormatDetector.Detect(Path.Combine(fixtures, "capture-oltp.nettrace")));
    }

    [Fact]
    public void Detect_UnknownOrEmpty_RejectedNamingTheFile()
    {
        string junk = Text("junk.txt", "hello world\n");
        string empty = Text("empty.csv", string.Empty);

        Assert.StartsWith(junk, Assert.Throws<InvalidDataException>(() => FormatDetector.Detect(junk)).Message, StringComparison.Ordinal);
        Assert.StartsWith(empty, Assert.Throws<InvalidDataException>(() => FormatDetector.Detect(empty)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out.parquet", TraceFormat.Parquet)]
    [InlineData("outdir", TraceFormat.Parquet)]
    [InlineData("x.blktrace", TraceFormat.Blktrace)]
    [InlineData("x.blktrace.0", TraceFormat.Blktrace)]
    [InlineData("x.iolog", TraceFormat.FioIolog)]
    [InlineData("x.fio", TraceFormat.FioIolog)]
    [InlineData("x.csv", TraceFormat.MsrCsv)]
    public void FromOutputName_Extension_Format(string name, TraceFormat format) =>
        Assert.Equal(format, FormatDetector.FromOutputName(name));

    [Fact]
    public void Convert_ExistingOutput_OneLineIOExceptionNamingIt()
    {
        var rows = InteropTraces.Random(10, seed: 8);
        string trace = _dir.Combine("t");
        using (var writer = new TraceWriter(trace, new TraceMetadata(), new TraceWriterOptions { BaseName = "t", MaxSegmentAge = null }))
        {
            foreach (var row in rows)
            {
                writer.Append(row);
            }
        }

        string iolog = Text("taken.iolog", "x");
        var e = Assert.Throws<IOException>(() => TraceConverter.Convert(trace, iolog));

        Assert.Equal(iolog + ": already exists; convert to a new name", e.Message);
        Assert.Equal("x", File.ReadAllText(iolog));
    }

    private string Text(string name, string text)
    {
        string path = _dir.Combine(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
