using System.Buffers.Binary;
using System.Text;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Interop.Csv;
using BlkTrace.Interop.Fio;

namespace BlkTrace.Interop;

/// <summary>
/// Tells formats apart: an input by its magic number or header text, an output by its name.
/// </summary>
public static class FormatDetector
{
    private const int Probe = 4096;

    /// <summary>The names <c>--from</c>/<c>--to</c> accept, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["parquet", "blktrace", "fio", "msr", "alibaba", "tencent", "nettrace"];

    /// <summary>The format a name stands for (see <see cref="Names"/>).</summary>
    public static TraceFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "parquet" => TraceFormat.Parquet,
        "blktrace" => TraceFormat.Blktrace,
        "fio" or "iolog" => TraceFormat.FioIolog,
        "msr" => TraceFormat.MsrCsv,
        "alibaba" => TraceFormat.AlibabaCsv,
        "tencent" => TraceFormat.TencentCsv,
        "nettrace" => TraceFormat.NetTrace,
        _ => throw new ArgumentException($"unknown trace format '{name}' (one of {string.Join(", ", Names)})"),
    };

    /// <summary>The name of a format (see <see cref="Names"/>).</summary>
    public static string Name(TraceFormat format) => format switch
    {
        TraceFormat.Parquet => "parquet",
        TraceFormat.Blktrace => "blktrace",
        TraceFormat.FioIolog => "fio",
        TraceFormat.MsrCsv => "msr",
        TraceFormat.AlibabaCsv => "alibaba",
        TraceFormat.TencentCsv => "tencent",
        TraceFormat.NetTrace => "nettrace",
        _ => format.ToString(),
    };

    /// <summary>
    /// The format of an input: Parquet (<c>PAR1</c>), blktrace (magic 0x656174NN in either byte order),
    /// nettrace (<c>Nettrace</c>), fio iolog (its header line), or a CSV layout (<see cref="CsvLayouts"/>).
    /// A directory is a trace (holds <c>*.parquet</c>) or a blktrace capture (holds <c>*.blktrace.N</c>);
    /// a name that does not exist but has <c>NAME.blktrace.N</c> beside it is a blktrace capture.
    /// </summary>
    public static TraceFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            if (Directory.EnumerateFiles(path, "*.parquet").Any())
            {
                return TraceFormat.Parquet;
            }

            if (Directory.EnumerateFiles(path, "*.blktrace.*").Any(f => BlktraceFiles.CaptureName(Path.GetFileName(f)) is not null))
            {
                return TraceFormat.Blktrace;
            }

            throw new InvalidDataException($"{path}: directory holds neither trace segments (*.parquet) nor a blktrace capture (*.blktrace.N)");
        }

        if (!File.Exists(path))
        {
            _ = BlktraceFiles.Resolve(path);
            return TraceFormat.Blktrace;
        }

        byte[] head = new byte[Probe];
        int n;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var span = head.AsSpan(0, n);
        if (n == 0)
        {
            throw new InvalidDataException($"{path}: empty file");
        }

        if (span.StartsWith("PAR1"u8))
        {
            return TraceFormat.Parquet;
        }

        if (span.StartsWith("Nettrace"u8))
        {
            return TraceFormat.NetTrace;
        }

        if (n >= 4)
        {
            uint le = BinaryPrimitives.ReadUInt32LittleEndian(span);
            if ((le & 0xffffff00) == BlktraceRecord.Magic || (BinaryPrimitives.ReverseEndianness(le) & 0xffffff00) == BlktraceRecord.Magic)
            {
                return TraceFormat.Blktrace;
            }
        }

        string text = Encoding.UTF8.GetString(span);
        string[] lines = text.Split('\n', 3);
        string first = lines[0].Trim();
        if (first is FioIologImporter.HeaderV2 or FioIologImporter.HeaderV3)
        {
            return TraceFormat.FioIolog;
        }

        if (CsvLayouts.Classify(first, out bool header) is { } layout)
        {
            return layout;
        }

        if (header && lines.Length > 1 && CsvLayouts.Classify(lines[1].Trim(), out _) is { } second)
        {
            return second;
        }

        throw new InvalidDataException($"{path}: format not recognised (not a trace, blktrace, nettrace, fio iolog, or MSR/Alibaba/Tencent CSV file); name it with --from");
    }

    /// <summary>
    /// The format an output name asks for: <c>.parquet</c> or no extension (a directory) → Parquet;
    /// <c>NAME.blktrace</c> or <c>NAME.blktrace.N</c> → blktrace; <c>.iolog</c> or <c>.fio</c> → fio;
    /// <c>.csv</c> → MSR CSV.
    /// </summary>
    public static TraceFormat FromOutputName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (BlktraceFiles.CaptureName(name) is not null || name.EndsWith(".blktrace", StringComparison.Ordinal))
        {
            return TraceFormat.Blktrace;
        }

        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".parquet" or "" => TraceFormat.Parquet,
            ".iolog" or ".fio" => TraceFormat.FioIolog,
            ".csv" => TraceFormat.MsrCsv,
            ".nettrace" => TraceFormat.NetTrace,
            string ext => throw new ArgumentException($"{path}: cannot tell the output format from '{ext}'; name it with --to ({string.Join(", ", Names)})"),
        };
    }
}
