using System.Text;
using BlkTrace.Interop;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Interop.Csv;
using BlkTrace.Interop.Fio;
using BlkTrace.Interop.NetTrace;
using BlkTrace.Tests.Trace;
using BlkTrace.Trace;
using static BlkTrace.Interop.Blktrace.BlktraceCategory;

namespace BlkTrace.Tests.Interop;

/// <summary>
/// Every import format, truncated and bit-flipped with a fixed seed: detection and import either
/// succeed or throw <see cref="InvalidDataException"/> (which <c>blkt</c> turns into exit code 2 and
/// one line); never another exception, a crash or a hang.
/// </summary>
public sealed class FuzzImportTests : IDisposable
{
    private const int CasesPerFormat = 60;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Formats => ["blktrace-le", "blktrace-be", "fio-v2", "fio-v3", "msr", "alibaba", "tencent", "nettrace"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Import_TruncatedOrBitFlipped_ValidImportOrInvalidDataException(string format)
    {
        byte[] valid = Valid(format, _dir);
        Assert.Null(Outcome(format, Write(format, "valid", valid))); // the source itself imports

        int i = 0;
        var unexpected = new List<string>();
        foreach (var (what, bytes) in FuzzCases.Mutate(valid, seed: format.GetHashCode(StringComparison.Ordinal) & 0xffff ^ 0x5eed, CasesPerFormat))
        {
            string path = Write(format, "case" + i++, bytes);
            Exception? outcome;
            try
            {
                outcome = await Task.Run(() => Outcome(format, path)).WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"{format} {what}: import did not finish (a hang)");
            }

            if (outcome is { } e && e is not InvalidDataException)
            {
                unexpected.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
            else if (outcome is { } bad)
            {
                Assert.DoesNotContain('\n', bad.Message);
            }
        }

        Assert.Empty(unexpected);
    }

    /// <summary>A valid input of each format (fixtures, or made by our exporters with a fixed seed).</summary>
    internal static byte[] Valid(string format, TempDirectory dir)
    {
        var rows = InteropTraces.Random(40, seed: 9);
        string Exported(Func<string, ExportReport> export)
        {
            string path = dir.Combine(format + "-source");
            return export(path).Files[0];
        }

        return format switch
        {
            "blktrace-le" => File.ReadAllBytes(Path.Combine(SharedSampleTests.Traces(), "xvd-mixed-flush-fua.blktrace.0")),
            "blktrace-be" => new BlktraceBuilder(bigEndian: true).ProcessName("blkback.2.xvda")
                .Q(10, Fua | Sync | BlktraceCategory.Write, 8, 4096).D(11, Fua | Sync | BlktraceCategory.Write, 8, 4096).Q(12, Read, 64, 8192).C(20, Fua | Sync | BlktraceCategory.Write, 8, 4096)
                .Event(BlktraceAction.Remap, Read, 13, 64, 8192, pdu: new byte[16]).D(14, Read, 64, 8192).C(30, Read, 64, 8192, error: 5).ToArray(),
            "fio-v2" => File.ReadAllBytes(Exported(p => FioIologExporter.Export(rows, p, new FioExportOptions { Version = FioIologVersion.V2 }))),
            "fio-v3" => File.ReadAllBytes(Exported(p => FioIologExporter.Export(rows, p))),
            "msr" => File.ReadAllBytes(Path.Combine(SharedSampleTests.Traces(), "msr-hm0-snippet.csv")),
            "alibaba" => Encoding.ASCII.GetBytes("3,W,8192,4096,1577808000000000\n3,R,0,512,1577808000000125\n7,R,4096,8192,1577808000000130\n7,W,1048576,65536,1577808000000500\n"),
            "tencent" => Encoding.ASCII.GetBytes("Timestamp,Offset,Size,IOType,VolumeID\n1538323200,2048,16,1,1283\n1538323201,0,8,0,1283\n1538323201,4096,256,1,1284\n"),
            "nettrace" => File.ReadAllBytes(Path.Combine(SharedSampleTests.Traces(), "capture-oltp.nettrace")),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    /// <summary>The file name a format's input gets (blktrace inputs are per-CPU files).</summary>
    internal static string FileName(string format, string stem) => format switch
    {
        "blktrace-le" or "blktrace-be" => stem + ".blktrace.0",
        "fio-v2" or "fio-v3" => stem + ".iolog",
        "nettrace" => stem + ".nettrace",
        _ => stem + ".csv",
    };

    private string Write(string format, string stem, byte[] bytes)
    {
        string path = _dir.Combine(FileName(format, stem));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Detects and imports (as <c>--from</c> would name it); null when both succeed, else what they threw.</summary>
    private static Exception? Outcome(string format, string path)
    {
        try
        {
            _ = FormatDetector.Detect(path);
        }
        catch (Exception e)
        {
            if (e is not InvalidDataException)
            {
                return e;
            }
        }

        try
        {
            var sink = new RowListSink();
            _ = format switch
            {
                "blktrace-le" or "blktrace-be" => BlktraceImporter.Import([path], sink),
                "fio-v2" or "fio-v3" => FioIologImporter.Import(path, sink),
                "msr" => CsvImporter.Import(path, sink, TraceFormat.MsrCsv),
                "alibaba" => CsvImporter.Import(path, sink, TraceFormat.AlibabaCsv),
                "tencent" => CsvImporter.Import(path, sink, TraceFormat.TencentCsv),
                _ => NetTraceImporter.Import(path, sink),
            };
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
