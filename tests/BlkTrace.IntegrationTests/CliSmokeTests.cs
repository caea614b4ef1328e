namespace BlkTrace.IntegrationTests;

public class CliSmokeTests
{
    [Fact]
    public async Task BadOption_ExitsTwoWithOneLine()
    {
        var result = await BlktProcess.RunAsync("ring-bench", "--count", "abc");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("--count", result.StdErr, StringComparison.Ordinal);
    }
}
