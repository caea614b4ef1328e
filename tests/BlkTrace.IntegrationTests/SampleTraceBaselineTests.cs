using System.Text;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// Golden files for <c>sample-traces/</c>: each committed capture has a <c>NAME.baseline.txt</c>
/// holding what <c>blkt analyze NAME.parquet</c> printed when it was made. The real binary runs again
/// here; on any difference the new output is written beside the baseline as
/// <c>NAME.received.txt</c> (copy it over the baseline if the change is intended) and the test fails
/// with the differing lines, so a change in the analyzer or the report shows up as a reviewable diff.
/// </summary>
public sealed class SampleTraceBaselineTests
{
    private const long MaxSampleBytes = 1024 * 1024;

    private static readonly string SampleDir = Path.Combine(FindRepoRoot(), "sample-traces");

    /// <summary>Every sample trace by name (file name without <c>.parquet</c>).</summary>
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(SampleDir, "*.parquet").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void SampleTraces_Directory_HasThreeToFiveSmallCapturesEachWithABaseline()
    {
        string[] traces = Directory.GetFiles(SampleDir, "*.parquet");
        Assert.InRange(traces.Length, 3, 5);
        foreach (string trace in traces)
        {
            Assert.True(new FileInfo(trace).Length < MaxSampleBytes, $"{Path.GetFileName(trace)} is not under 1 MB");
            string baseline = Path.ChangeExtension(trace, ".baseline.txt");
            Assert.True(File.Exists(baseline), $"{Path.GetFileName(trace)} has no {Path.GetFileName(baseline)}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Analyze_SampleTrace_MatchesBaseline(string name)
    {
        string trace = Path.Combine(SampleDir, name + ".parquet");
        string baselinePath = Path.Combine(SampleDir, name + ".baseline.txt");
        string receivedPath = Path.Combine(SampleDir, name + ".received.txt");

        var result = await BlktProcess.RunAsync("analyze", trace);
        Assert.True(result.ExitCode == 0, result.StdErr);

        string received = Normalize(result.StdOut);
        string baseline = File.Exists(baselinePath) ? Normalize(await File.ReadAllTextAsync(baselinePath)) : string.Empty;
        if (string.Equals(received, baseline, StringComparison.Ordinal))
        {
            File.Delete(receivedPath);
            return;
        }

        await File.WriteAllTextAsync(receivedPath, received);
        Assert.Fail($"blkt analyze {name}.parquet differs from {name}.baseline.txt (new output in {receivedPath}):\n{Diff(baseline, received)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The differing lines, baseline first, at most 40 of them: enough to see what moved.</summary>
    private static string Diff(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        var o = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.Max(e.Length, a.Length) && shown < 40; i++)
        {
            string? el = i < e.Length ? e[i] : null;
            string? al = i < a.Length ? a[i] : null;
            if (string.Equals(el, al, StringComparison.Ordinal))
            {
                continue;
            }

            o.Append("line ").Append(i + 1).Append('\n');
            o.Append("- ").Append(el ?? "(none)").Append('\n');
            o.Append("+ ").Append(al ?? "(none)").Append('\n');
            shown++;
        }

        return o.ToString();
    }

    private static string FindRepoRoot()
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
