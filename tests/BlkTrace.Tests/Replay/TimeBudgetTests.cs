using BlkTrace.Replay;
using BlkTrace.Replay.Source;
using BlkTrace.Tests.Trace;

namespace BlkTrace.Tests.Replay;

/// <summary>
/// What <see cref="ReplayOptions.TimeBudget"/> promises: the source is cut at an intent boundary, what
/// was started is finished, and the summary, the matrix and the progress say where. The sources put
/// the later intents 1000 s after the first ones, so an original-timing replay with a 100 s budget is
/// cut before them at once, whatever the machine's speed; nothing here measures time.
/// </summary>
public class TimeBudgetTests
{
    private static SourceWorkload EarlyThenLate(int early, int late)
    {
        var t = new SourceTrace();
        for (int i = 0; i < early; i++)
        {
            t.Write((ulong)i * 8, 8);
        }

        t.Advance(1_000_000_000_000);
        for (int i = 0; i < late; i++)
        {
            t.Write((ulong)(early + i) * 8, 8);
        }

        return t.Lift();
    }

    private static readonly ReplayOptions Budgeted = new() { Timing = TimingMode.Original, TimeBudget = TimeSpan.FromSeconds(100) };

    [Fact]
    public void Original_IntentsDueAfterTheBudget_CutThereAndSaidInTheSummary()
    {
        var source = EarlyThenLate(5, 5);
        var run = ReplayHarness.Run(source, "native-flush", "linux", options: Budgeted);
        var s = run.Result.Summary;

        var cut = Assert.IsType<BlkTrace.Replay.Output.TruncationSummary>(s.Truncated);
        Assert.Equal(5, cut.IntentsReplayed);
        Assert.Equal(10, cut.IntentsInRun);
        Assert.Equal(source.Intents[5].SourceSeq, cut.FirstNotReplayedSeq);
        Assert.Equal(100, cut.BudgetSeconds);
        Assert.Contains("cut before source request", cut.Reason, StringComparison.Ordinal);
        Assert.Equal(5, s.Intents.Workload);
        Assert.Equal(5, s.Intents.Issued);
        Assert.Equal(5, s.Intents.Completed);
        Assert.Equal(0, s.Intents.NeverCompleted);
        Assert.Null(s.Errors.Abandoned);
        Assert.Equal(5, run.Intents.Rows.Count - (int)s.Intents.Connect);
        Assert.Equal(5, s.SourceMapping.SourceSeq.Count);
    }

    [Fact]
    public void Original_BudgetNeverReached_NothingCut()
    {
        var source = SourceTrace.Mixed(40, seed: 3).Lift();
        var run = ReplayHarness.Run(source, "native-flush", "linux", options: Budgeted with { TimeBudget = TimeSpan.FromHours(1) });

        Assert.Null(run.Result.Summary.Truncated);
        Assert.Equal(source.Intents.Count, run.Result.Summary.Intents.Completed);
    }

    [Fact]
    public void Matrix_Budget_EveryPairCutAndTheCellAndProgressSaySo()
    {
        var source = EarlyThenLate(4, 3);
        using var dir = new TempDirectory();
        var seen = new List<MatrixProgress>();
        var options = new MatrixOptions { Strategies = ["native-flush", "zero-byte"], Profiles = ["linux"], Replay = Budgeted };

        var matrix = MatrixRunner.Run(source, options, dir.Combine("m"), seen.Add);

        Assert.All(matrix.Cells, c => Assert.Contains("replayed 4 of 7 intents", c.Truncated, StringComparison.Ordinal));
        Assert.All(MatrixRunner.Read(dir.Combine("m")).Cells, c => Assert.NotNull(c.Truncated));
        Assert.Contains(seen, p => p.Current.Truncated && p.Current.Total == 4);
    }

    [Fact]
    public void Matrix_NoBudget_NoCellTruncated()
    {
        var source = EarlyThenLate(3, 0);
        using var dir = new TempDirectory();
        var matrix = MatrixRunner.Run(source, new MatrixOptions { Strategies = ["native-flush"], Profiles = ["qemu"] }, dir.Combine("m"));

        Assert.All(matrix.Cells, c => Assert.Null(c.Truncated));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveBudget_ArgumentExceptionNamingTheOption(int seconds)
    {
        var e = Assert.Throws<ArgumentException>(() => new ReplayOptions { TimeBudget = TimeSpan.FromSeconds(seconds) }.Validate());
        Assert.StartsWith("--time-budget", e.Message, StringComparison.Ordinal);
    }
}
