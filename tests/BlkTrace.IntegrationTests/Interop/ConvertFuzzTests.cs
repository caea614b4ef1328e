using System.Text;
using BlkTrace.Tests.Interop;

namespace BlkTrace.IntegrationTests.Interop;

/// <summary>
/// A seeded sample of the corrupted inputs the unit fuzz tests feed the importers, through the real
/// <c>blkt convert</c> with the format detected: each run either converts (exit 0) or fails with exit
/// code 2 and exactly one line on stderr naming the file; never a crash (another exit code), never a hang.
/// </summary>
public sealed class ConvertFuzzTests : IDisposable
{
    private const int CasesPerFormat = 3;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Formats => ["blktrace", "fio-v2", "fio-v3", "msr", "alibaba", "tencent", "nettrace", "parquet"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Convert_CorruptedInput_ExitZeroOrExitTwoWithOneLine(string format)
    {
        var (valid, extension) = await Valid(format);
        int i = 0;
        int failures = 0;
        foreach (var (what, bytes) in FuzzCases.Mutate(valid, seed: 1000 + Array.IndexOf([.. Formats], format), CasesPerFormat))
        {
            string input = _dir.Sub($"{format}-{i}{extension}");
            string output = _dir.Sub($"{format}-{i++}-out.parquet");
            await File.WriteAllBytesAsync(input, bytes);
            string[] args = format == "parquet" ? ["convert", input, _dir.Sub($"{format}-{i}-out.iolog")] : ["convert", input, output];

            var run = await BlktProcess.RunAsync(args, TimeSpan.FromMinutes(2));

            Assert.True(run.ExitCode is 0 or 2, $"{format} {what}: exit {run.ExitCode}\n{run.StdErr}");
            if (run.ExitCode == 2)
            {
                failures++;
                string line = run.StdErr.TrimEnd('\n');
                Assert.True(line.Length > 0 && !line.Contains('\n', StringComparison.Ordinal), $"{format} {what}: not one line:\n{run.StdErr}");
                Assert.Contains(Path.GetFileName(input), line, StringComparison.Ordinal);
            }
        }

        // The first case of every format is a truncation anywhere; most formats refuse some case, but
        // line-oriented ones may legitimately import every damaged copy (bad lines are skipped and counted).
        Assert.InRange(failures, 0, CasesPerFormat);
    }

    /// <summary>A valid input: the shipped fixtures, or made by the real <c>blkt convert</c> from them.</summary>
    private async Task<(byte[] Bytes, string Extension)> Valid(string format)
    {
        string fixtures = Path.Combine(RepoRoot(), "tests", "BlkTrace.Tests", "Interop", "Fixtures");
        switch (format)
        {
            case "blktrace":
                return (await File.ReadAllBytesAsync(Path.Combine(fixtures, "xvd-mixed-flush-fua.blktrace.0")), ".blktrace.0");
            case "msr":
                return (await File.ReadAllBytesAsync(Path.Combine(fixtures, "msr-hm0-snippet.csv")), ".csv");
            case "nettrace":
                return (await File.ReadAllBytesAsync(Path.Combine(fixtures, "capture-oltp.nettrace")), ".nettrace");
            case "alibaba":
                return (Encoding.ASCII.GetBytes("3,W,8192,4096,1577808000000000\n3,R,0,512,1577808000000125\n7,R,4096,8192,1577808000000130\n"), ".csv");
            case "tencent":
                return (Encoding.ASCII.GetBytes("1538323200,2048,16,1,1283\n1538323201,0,8,0,1283\n1538323201,4096,256,1,1284\n"), ".csv");
        }

        string trace = _dir.Sub("source.parquet");
        if (!File.Exists(trace))
        {
            var import = await BlktProcess.RunAsync("convert", Path.Combine(fixtures, "xvd-mixed-flush-fua.blktrace.0"), trace);
            Assert.True(import.ExitCode == 0, import.StdErr);
        }

        if (format == "parquet")
        {
            return (await File.ReadAllBytesAsync(trace), ".parquet");
        }

        string iolog = _dir.Sub(format + "-source.iolog");
        var export = await BlktProcess.RunAsync("convert", trace, iolog, "--fio-version", format == "fio-v2" ? "2" : "3");
        Assert.True(export.ExitCode == 0, export.StdErr);
        return (await File.ReadAllBytesAsync(iolog), ".iolog");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlkTrace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BlkTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
