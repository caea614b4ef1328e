using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BlkTrace.Interop;
using BlkTrace.Interop.Blktrace;
using BlkTrace.Interop.Fio;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt convert IN OUT</c>: imports blktrace, fio iolog, MSR/Alibaba/Tencent CSV and .nettrace
/// files into a trace, and exports a trace to blktrace, fio iolog or MSR CSV. The input format is
/// detected by magic number or header, the output format by name; <c>--from</c>/<c>--to</c> override.
/// </summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "input: a trace (file or directory), NAME.blktrace.N (its per-CPU siblings are merged), a fio iolog, a CSV, or a .nettrace" };
        var output = new Argument<string>("OUT") { Description = "output: a directory or .parquet (trace), NAME.blktrace[.N], .iolog, .csv (MSR)" };
        string[] names = [.. FormatDetector.Names];
        var from = CliOptions.Choice("--from", "input format (default: detected)", "auto", ["auto", .. names]);
        var to = CliOptions.Choice("--to", "output format (default: from OUT's name)", "auto", ["auto", .. names]);
        var fua = CliOptions.Choice("--fua", "a FUA write without preflush becomes", "barrier", "barrier", "write");
        var fioVersion = CliOptions.Int("--fio-version", "fio iolog version to write", 3, 2, 3);
        var fioFile = new Option<string>("--fio-file") { Description = "the file a fio iolog names (fio's replay_redirect overrides it)", DefaultValueFactory = _ => "/dev/xvda" };
        var fioFlush = CliOptions.Choice("--fio-flush", "fio action a flush becomes", "datasync", "datasync", "sync");
        var device = new Option<string>("--device") { Description = "blktrace device MAJOR,MINOR to write", DefaultValueFactory = _ => "202,0" };
        var events = CliOptions.Choice("--events", "blktrace events per request: full (Q G I D, C) or minimal (Q D, C)", "full", "full", "minimal");
        var command = new Command("convert", "Convert between traces and blktrace, fio iolog, MSR/Alibaba/Tencent CSV and .nettrace files.")
        {
            input, output, from, to, fua, fioVersion, fioFile, fioFlush, device, events,
        };
        command.SetAction((parse, cancel) =>
        {
            var (major, minor) = ParseDevice(parse.GetValue(device)!);
            var options = new ConvertOptions
            {
                From = parse.GetValue(from) is "auto" or null ? null : FormatDetector.Parse(parse.GetValue(from)!),
                To = parse.GetValue(to) is "auto" or null ? null : FormatDetector.Parse(parse.GetValue(to)!),
                Blktrace = new BlktraceExportOptions
                {
                    Major = major,
                    Minor = minor,
                    Events = parse.GetValue(events) == "minimal" ? BlktraceEventSet.Minimal : BlktraceEventSet.Full,
                },
                Fio = new FioExportOptions
                {
                    Version = parse.GetValue(fioVersion) == 2 ? FioIologVersion.V2 : FioIologVersion.V3,
                    FileName = parse.GetValue(fioFile)!,
                    FlushAction = parse.GetValue(fioFlush)!,
                },
            };
            string inPath = parse.GetValue(input)!;
            string outPath = parse.GetValue(output)!;
            return Task.FromResult(Run(inPath, outPath, options, parse.GetValue(fua) == "write" ? FuaMapping.Write : FuaMapping.Barrier, cancel));
        });
        return command;
    }

    /// <summary>Parses <c>MAJOR,MINOR</c> (or <c>MAJOR:MINOR</c>).</summary>
    public static (uint Major, uint Minor) ParseDevice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([',', ':']);
        if (parts.Length == 2 &&
            uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint major) && major < 4096 &&
            uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint minor) && minor < (1 << 20))
        {
            return (major, minor);
        }

        throw new CliUsageException($"--device: '{text}' is not MAJOR,MINOR (major < 4096, minor < 1048576)");
    }

    private static int Run(string input, string output, ConvertOptions options, FuaMapping fua, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        long total = InputBytes(input);
        var clock = Stopwatch.StartNew();
        long lastPrint = 0;
        bool drawn = false;
        options = options with
        {
            Import = new ImportOptions
            {
                Fua = fua,
                Progress = bytes =>
                {
                    if (clock.ElapsedMilliseconds - lastPrint < (Console.IsOutputRedirected ? 5000 : 250))
                    {
                        return;
                    }

                    lastPrint = clock.ElapsedMilliseconds;
                    string line = string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds:0} s: {bytes / 1048576.0:N1} of {total / 1048576.0:N1} MiB read");
                    if (Console.IsOutputRedirected)
                    {
                        Console.WriteLine(line);
                    }
                    else
                    {
                        Console.Write("\r" + line + "   ");
                        drawn = true;
                    }
                },
            },
        };
        var result = TraceConverter.Convert(input, output, options, signals.Token);
        if (drawn)
        {
            Console.WriteLine();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt convert: {input} ({FormatDetector.Name(result.From)}) -> {output} ({FormatDetector.Name(result.To)}) in {clock.Elapsed.TotalSeconds:0.00} s"));
        if (result.Import is { } import)
        {
            Console.WriteLine("  import: " + import.Summary());
            if (import.QueueAssignment is { Length: > 0 } queues)
            {
                Console.WriteLine("  queues: " + queues);
            }
        }

        if (result.Export is { } export)
        {
            Console.WriteLine("  export: " + export.Summary());
            foreach (string f in export.Files)
            {
                Console.WriteLine("  wrote " + f);
            }
        }

        return ExitCodes.Ok;
    }

    private static long InputBytes(string input)
    {
        try
        {
            if (File.Exists(input))
            {
                return new FileInfo(input).Length;
            }

            return Directory.Exists(input)
                ? Directory.GetFiles(input).Sum(f => new FileInfo(f).Length)
                : BlktraceFiles.Resolve(input).Sum(f => new FileInfo(f).Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
