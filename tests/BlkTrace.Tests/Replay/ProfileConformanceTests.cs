using BlkTrace.Backend.Profiles;
using BlkTrace.Frontend.Conformance;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Replay.Conformance;
using BlkTrace.Tests.Backend;
using Xunit;
using Xunit.Abstractions;

namespace BlkTrace.Tests.Replay;

/// <summary>
/// The conformance suite (the requests the lab also sends to the real blkback and qdisk from inside a
/// guest) against our simulated <c>linux</c> and <c>qemu</c> profiles, through the full handshake: every
/// answer must be the frozen profile table's (spec §5), and the table printed is the simulated half of
/// tests/XenLab/README.md's conformance table.
/// </summary>
public sealed class ProfileConformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("linux")]
    [InlineData("qemu")]
    public void Run_Profile_EveryCaseAnswersAsTheProfileTable(string name)
    {
        var report = ProfileConformance.Run(BackendProfiles.ByName(name), 2048, CancellationToken.None);

        Assert.Equal(ConformanceSuite.Cases.Count, report.Outcomes.Count);
        foreach (var o in report.Outcomes)
        {
            Assert.True(o.Status.HasValue, $"{name} {o.Case}: {o.Note}");
            Assert.True(ProfileTable.Expected(name, o.Case) == o.Status, $"{name} {o.Case}: got {o.Cell}, the profile table says {ProfileTable.Expected(name, o.Case)}");
        }
    }

    [Fact]
    public void Run_LinuxAndQemu_TableNamesEveryCaseAndMarksDifferences()
    {
        var linux = ProfileConformance.Run(BackendProfiles.Linux, 2048, CancellationToken.None);
        var qemu = ProfileConformance.Run(BackendProfiles.Qemu, 2048, CancellationToken.None);

        string table = ConformanceTable.Format([("linux", linux.Outcomes), ("qemu", qemu.Outcomes)]);
        output.WriteLine(table);

        Assert.Contains("| flush-0seg | O | O |", table, StringComparison.Ordinal);
        Assert.Contains("| barrier-0seg | O | E | ≠ |", table, StringComparison.Ordinal);
        Assert.Equal(ConformanceSuite.Cases.Count + 2, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void FormatLines_Outcomes_OneLinePerCaseWithNotes()
    {
        string text = ConformanceTable.FormatLines([new("read", BlkifStatus.Okay, null), new("op255", null, "no response in 10 s")], "CONF: ");

        Assert.Equal("CONF: read O\nCONF: op255 - (no response in 10 s)\n", text);
    }

    [Fact]
    public void Select_Subset_KeepsSuiteOrder()
    {
        var cases = ConformanceSuite.Select(["indirect-bad-page", "write-wrap", "read"]);

        Assert.Equal(["read", "write-wrap", "indirect-bad-page"], cases.Select(c => c.Name));
        Assert.Same(ConformanceSuite.Cases, ConformanceSuite.Select(null));
    }

    [Fact]
    public void Select_UnknownCase_IsAnErrorListingTheCases()
    {
        var e = Assert.Throws<ArgumentException>(() => ConformanceSuite.Select(["write-wrap", "no-such-case"]));

        Assert.Contains("'no-such-case'", e.Message, StringComparison.Ordinal);
        Assert.Contains("write-bad-gref", e.Message, StringComparison.Ordinal);
    }
}
