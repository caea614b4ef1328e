using BlkTrace.Replay;
using BlkTrace.Replay.Source;

namespace BlkTrace.Tests.Replay;

/// <summary>What each timing mode promises about order and concurrency (never about how long things take).</summary>
public class TimingModeTests
{
    private static readonly Lazy<SourceWorkload> Workload = new(() => SourceTrace.Mixed(300, seed: 11).Lift());

    [Fact]
    public void Closed_EveryIntent_IssuedAfterWhatHadCompletedBeforeItInTheSourceCompleted()
    {
        var source = Workload.Value;
        var run = ReplayHarness.Cached("timing/closed", () => ReplayHarness.Run(source, "native-flush", "linux", options: new ReplayOptions { Timing = TimingMode.Closed }));
        int offset = (int)run.Result.Summary.Intents.Connect;
        var rows = run.Intents.Rows;
        int checkedDeps = 0;
        for (int i = 0; i < source.Intents.Count; i++)
        {
            var mine = rows[offset + i];
            for (int k = 0; k < source.Intents[i].CompletedBefore; k++)
            {
                var dep = rows[offset + source.CompletionOrder[k]];
                Assert.True(dep.DoneTsNs <= mine.IssueTsNs, $"intent {i} issued before intent {source.CompletionOrder[k]} it depends on was told");
                checkedDeps++;
            }
        }

        Assert.True(checkedDeps > source.Intents.Count);
        Assert.NotNull(run.Result.Summary.Fidelity.IssueErrorUs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Afap_QueueDepth_NeverMoreIntentsInFlight(int qd)
    {
        var run = ReplayHarness.Cached($"timing/afap/{qd}", () => ReplayHarness.Run(Workload.Value, "zero-byte", "linux", options: new ReplayOptions { Timing = TimingMode.Afap, QueueDepth = qd }));
        var rows = run.Intents.Rows.Skip((int)run.Result.Summary.Intents.Connect).ToList();
        var events = rows.SelectMany(r => new[] { (Ts: r.IssueTsNs, Delta: 1), (Ts: r.DoneTsNs!.Value, Delta: -1) })
            .OrderBy(e => e.Ts).ThenBy(e => e.Delta);
        int inFlight = 0, max = 0;
        foreach (var (_, delta) in events)
        {
            inFlight += delta;
            max = Math.Max(max, inFlight);
        }

        Assert.InRange(max, 1, qd);
        Assert.Null(run.Result.Summary.Fidelity.IssueErrorUs);
        Assert.Equal(qd, run.Result.Summary.Timing.QueueDepth);
    }

    [Fact]
    public void Original_EveryIntent_IssuedInSourceOrderWithAnIssueTimeError()
    {
        var source = Workload.Value;
        var run = ReplayHarness.Cached("timing/original", () => ReplayHarness.Run(source, "linux-blkfront", "qemu", options: new ReplayOptions { Timing = TimingMode.Original, Speed = 4 }));
        var rows = run.Intents.Rows.Skip((int)run.Result.Summary.Intents.Connect).ToList();
        Assert.Equal(source.Intents.Count, rows.Count);
        for (int i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].IssueTsNs >= rows[i - 1].IssueTsNs, $"intent {i} issued before intent {i - 1}");
        }

        var error = Assert.IsType<BlkTrace.Replay.Output.LatencyStats>(run.Result.Summary.Fidelity.IssueErrorUs);
        Assert.Equal(source.Intents.Count, error.Count);
        Assert.Equal(4, run.Result.Summary.Timing.Speed);
        Assert.Equal("original", run.TraceMetadata.TimingMode);
    }
}
