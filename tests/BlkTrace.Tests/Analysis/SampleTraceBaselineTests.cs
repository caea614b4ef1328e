using System.Text;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Durability;
using BlkTrace.Tests.Support;

namespace BlkTrace.Tests.Analysis;

/// <summary>
/// Golden files: <c>blkt analyze</c>'s text report of every sample trace, byte for byte, against
/// <c>sample-traces/NAME.baseline.txt</c>. On a mismatch (or no baseline) the report is written to
/// <c>NAME.received.txt</c> beside it and the test fails with the first differing lines; review it
/// and rename it to accept.
/// </summary>
public sealed class SampleTraceBaselineTests
{
    private static readonly string Samples = Path.Combine(TestPaths.RepoRoot, "sample-traces");

    private static readonly string[] Names = ["oltp-linux", "journal-linux-2.6.18", "fileserver-qemu", "streaming-solaris"];

    public static TheoryData<string> Traces => [.. Names];

    [Fact]
    public void SampleTraces_EveryParquet_IsCoveredHere()
    {
        var here = Names.Order(StringComparer.Ordinal);
        Assert.Equal(here, Directory.GetFiles(Samples, "*.parquet").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void AnalyzeReport_SampleTrace_MatchesBaseline(string trace)
    {
        // Exactly what `blkt analyze sample-traces/NAME.parquet` runs with its defaults.
        var input = ReplayInput.Resolve(Path.Combine(Samples, trace + ".parquet"));
        var result = ReplayAnalysis.Run(input, AnalyzerOptions.AutoBins, new CrashExplorationOptions());
        string report = AnalysisReport.Format(result);

        Verify(trace, report);
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void AnalyzeReport_OneOrManyDecoders_SameBytes(string trace)
    {
        var input = ReplayInput.Resolve(Path.Combine(Samples, trace + ".parquet"));

        string one = AnalysisReport.Format(ReplayAnalysis.Run(input, AnalyzerOptions.AutoBins with { Decoders = 1 }));
        string many = AnalysisReport.Format(ReplayAnalysis.Run(input, AnalyzerOptions.AutoBins with { Decoders = 3 }));

        Assert.Equal(one, many);
    }

    private static void Verify(string trace, string report)
    {
        string baseline = Path.Combine(Samples, trace + ".baseline.txt");
        string received = Path.Combine(Samples, trace + ".received.txt");
        string? expected = File.Exists(baseline) ? File.ReadAllText(baseline) : null;
        if (expected == report)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, report);
        Assert.Fail(expected is null
            ? $"no baseline for {trace}: review {received} and rename it to {Path.GetFileName(baseline)}"
            : $"{trace}: report differs from {Path.GetFileName(baseline)} (written to {received}):\n{Diff(expected, report)}");
    }

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var o = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.Max(e.Length, a.Length) && shown < 10; i++)
        {
            string x = i < e.Length ? e[i] : "<none>";
            string y = i < a.Length ? a[i] : "<none>";
            if (x != y)
            {
                o.Append("line ").Append(i + 1).Append(":\n  - ").Append(x).Append("\n  + ").Append(y).Append('\n');
                shown++;
            }
        }

        return o.ToString();
    }
}
