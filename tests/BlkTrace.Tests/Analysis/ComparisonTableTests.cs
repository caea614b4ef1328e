using System.Globalization;
using System.Text.Json;
using BlkTrace.Analysis;
using BlkTrace.Analysis.Compare;
using BlkTrace.Analysis.Durability;
using BlkTrace.Replay;
using BlkTrace.Replay.Output;
using BlkTrace.Replay.Strategies;
using BlkTrace.Tests.Replay;
using BlkTrace.Tests.Trace;

namespace BlkTrace.Tests.Analysis;

/// <summary>
/// A real strategy × profile matrix, run once in-process by the Replay library (in-process backends,
/// tap, intent logs, summaries on disk) on a small seeded trace that rewrites the cached block, with a
/// stale cache-replay cache:
/// native-flush, linux-blkfront (≤ 6.10) and cache-replay against linux and linux-2.6.18.
/// </summary>
public sealed class ComparisonMatrixFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ComparisonMatrixFixture()
    {
        // The mix, then writes over the cached block (156) between flushes, so a stale rewrite reverts them.
        var trace = SourceTrace.Mixed(240, seed: 7);
        trace.Write(152, 8).Flush().Write(156, 1).Flush().Write(0, 8).Flush().Read(152, 8);
        var source = trace.Lift();
        Directory = _dir.Combine("matrix");
        Matrix = MatrixRunner.Run(
            source,
            new MatrixOptions
            {
                Strategies = [ReplayStrategies.NativeFlush, ReplayStrategies.LinuxBlkfront, ReplayStrategies.CacheReplay],
                Profiles = ["linux", "linux-2.6.18"],
                Replay = new ReplayOptions { Timing = TimingMode.Afap, StrategyOptions = new StrategyOptions { CacheRefresh = false } },
            },
            Directory);
        Rows = ComparisonTable.Load([Directory], crash: Crash);
    }

    public static CrashExplorationOptions Crash { get; } = new() { Seed = 3, RandomPoints = 16, MaxStates = 512 };

    public string Directory { get; }

    public MatrixResult Matrix { get; }

    public IReadOnlyList<ComparisonRow> Rows { get; }

    public string Cell(string strategy, string profile) => Path.Combine(Directory, $"{strategy}_{profile}");

    public ComparisonRow Row(string strategy, string profile) => Rows.Single(r => r.Strategy == strategy && r.Profile == profile);

    public void Dispose() => _dir.Dispose();
}

public sealed class ComparisonTableTests(ComparisonMatrixFixture matrix) : IClassFixture<ComparisonMatrixFixture>
{
    [Fact]
    public void Load_MatrixDirectory_OneGuestRowPerCellSortedByProfileThenStrategy()
    {
        Assert.Equal(
            [("linux", "cache-replay"), ("linux", "linux-blkfront"), ("linux", "native-flush"), ("linux-2.6.18", "cache-replay"), ("linux-2.6.18", "linux-blkfront"), ("linux-2.6.18", "native-flush")],
            matrix.Rows.Select(r => (r.Profile, r.Strategy)));
        Assert.All(matrix.Rows, r =>
        {
            Assert.Equal($"{r.Strategy}_{r.Profile}", r.Name);
            Assert.Equal("guest", r.Basis);
            Assert.Equal("afap", r.Timing);
            Assert.True(r.Iops > 0 && r.MBps > 0 && r.P99Us >= r.P50Us && r.P50Us > 0);
            Assert.NotNull(r.DurabilityStates);
        });
    }

    [Fact]
    public void Load_EveryCell_FlushFatesErrorsAndExtraBytesMatchTheReplaysOwnSummary()
    {
        foreach (var cell in matrix.Matrix.Cells)
        {
            var row = matrix.Row(cell.Strategy, cell.Profile);
            var s = SummaryJson.Read(matrix.Cell(cell.Strategy, cell.Profile));

            Assert.Equal(
                (s.Flushes.Total, s.Flushes.ToldOkay, s.Flushes.ToldError + s.Flushes.ToldNotSupported, s.Flushes.NeverTold, s.Flushes.ToldOkayWithoutRingOkay),
                (row.FlushIntents, row.FlushesToldOkay, row.FlushesToldError, row.FlushesNeverTold, row.FlushesOkayWithoutRingOkay));
            Assert.Equal(s.Flushes.Fates.Sum(f => f.Count), row.FlushFates.Sum(f => f.Count));
            Assert.Equal(s.Flushes.Fates.Select(f => (f.RingStatus, f.GuestStatus, f.Count)).Order(), row.FlushFates.Select(f => (f.RingStatus, f.GuestStatus, f.Count)).Order());
            Assert.Equal(s.Errors.GuestErrors + s.Errors.GuestNotSupported, row.GuestErrors);
            Assert.Equal(s.ExtraBytesWritten, row.ExtraBytes);
            Assert.Equal(s.Verification.Failures, row.DataMismatches);
            Assert.Equal(s.StrategyDetail, row.StrategyDetail);
            Assert.Equal(s.Throughput.Iops, row.Iops, s.Throughput.Iops * 0.01);
            Assert.Equal(s.LatencyUs["all"].P99, row.P99Us, 1 + (s.LatencyUs["all"].P99 * 0.01));
        }
    }

    [Fact]
    public void Load_NativeFlushAgainstLinux_ExploredAndClean()
    {
        var row = matrix.Row(ReplayStrategies.NativeFlush, "linux");

        Assert.True(row.DurabilityStates > 0);
        Assert.Equal(0, row.DurabilityViolations);
        Assert.Empty(row.DurabilityKinds);
        Assert.True(row.FlushIntents > 0);
        Assert.Equal(row.FlushIntents, row.FlushesToldOkay);
        Assert.Equal(0, row.FlushesOkayWithoutRingOkay);
        Assert.Equal(0, row.GuestErrors);
        Assert.Equal(0, row.ExtraBytes);
    }

    [Fact]
    public void Load_OldBlkfrontAgainst2618_FlushesToldOkayUnbackedAndDurableWritesLost()
    {
        var row = matrix.Row(ReplayStrategies.LinuxBlkfront, "linux-2.6.18");

        Assert.Contains("lost-durable-write", row.DurabilityKinds);
        Assert.True(row.DurabilityViolations > 0);
        Assert.True(row.FlushesOkayWithoutRingOkay > 0);
        var top = row.FlushFates[0];
        Assert.Equal(("nothing", "none", "OKAY"), (top.Became, top.RingStatus, top.GuestStatus));
        Assert.Contains(row.RingViolationKinds, k => k.StartsWith("flush-failed ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_StaleCacheReplay_RevertsDataAndCostsExtraBytes()
    {
        var row = matrix.Row(ReplayStrategies.CacheReplay, "linux");

        Assert.Contains("reverted-data", row.DurabilityKinds);
        Assert.True(row.ExtraBytes > 0);
        Assert.Contains(row.FlushFates, f => f.Became.Contains("WRITE_BARRIER", StringComparison.Ordinal) || f.Became.Contains("WRITE", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CellDirectorySummaryAndMatrixJson_GiveTheSameRows()
    {
        string cell = matrix.Cell(ReplayStrategies.LinuxBlkfront, "linux-2.6.18");
        var expected = matrix.Row(ReplayStrategies.LinuxBlkfront, "linux-2.6.18");

        var fromDir = ComparisonTable.Load([cell], crash: ComparisonMatrixFixture.Crash).Single();
        var fromSummary = ComparisonTable.Load([Path.Combine(cell, "summary.json")], crash: ComparisonMatrixFixture.Crash).Single();
        var fromMatrixJson = ComparisonTable.Load([Path.Combine(matrix.Directory, "matrix.json")], crash: ComparisonMatrixFixture.Crash);

        Assert.Equal(Json([expected]), Json([fromDir]));
        Assert.Equal(Json([expected]), Json([fromSummary]));
        Assert.Equal(Json(matrix.Rows), Json(fromMatrixJson));
    }

    [Fact]
    public void Load_ReplayTraceAlone_StrategyAndProfileFromMetadataRingFigures()
    {
        string trace = Path.Combine(matrix.Cell(ReplayStrategies.NativeFlush, "linux-2.6.18"), "trace");

        var row = ComparisonTable.Load([trace], crash: ComparisonMatrixFixture.Crash).Single();

        Assert.Equal((ReplayStrategies.NativeFlush, "linux-2.6.18", "ring"), (row.Strategy, row.Profile, row.Basis));
        Assert.Null(row.FlushIntents);
        Assert.Null(row.DurabilityStates); // no intent log beside a bare trace
        Assert.True(row.RingFlushes > 0);
    }

    [Fact]
    public void Load_NoCrashOptions_NothingExplored()
    {
        var row = ComparisonTable.Load([matrix.Cell(ReplayStrategies.CacheReplay, "linux")]).Single();

        Assert.Null(row.DurabilityStates);
        Assert.Empty(row.DurabilityKinds);
        Assert.Equal("not explored", ComparisonTable.Format([row], ComparisonFormat.Text).Split('\n')[1].Split("  ", StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public void Format_Text_AlignedHeaderRowPerCellAndLegend()
    {
        string text = ComparisonTable.Format(matrix.Rows, ComparisonFormat.Text);
        var lines = text.Split('\n');

        Assert.StartsWith("profile", lines[0], StringComparison.Ordinal);
        Assert.Contains("crash findings", lines[0], StringComparison.Ordinal);
        int iops = lines[0].IndexOf("IOPS", StringComparison.Ordinal) + 4;
        Assert.All(lines[1..7], l => Assert.True(char.IsDigit(l[iops - 1]), l)); // right-aligned under the header's end
        Assert.Equal(string.Empty, lines[7]);
        Assert.Contains("unbacked", lines[9], StringComparison.Ordinal);
        Assert.Contains("lost-durable-write", lines[5], StringComparison.Ordinal);
        Assert.Equal(text, ComparisonTable.Format(matrix.Rows, ComparisonFormat.Text));
    }

    [Fact]
    public void Format_Markdown_TableWithAlignmentRow()
    {
        var lines = ComparisonTable.Format(matrix.Rows, ComparisonFormat.Markdown).Split('\n');

        Assert.StartsWith("| profile | strategy | IOPS |", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("|---|---|---:|", lines[1], StringComparison.Ordinal);
        Assert.All(lines[2..8], l => Assert.Equal(lines[0].Count(c => c == '|'), l.Replace("\\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|')));
    }

    [Fact]
    public void Format_Csv_HeaderAndOneRecordPerRowWithRawNumbers()
    {
        var lines = ComparisonTable.Format(matrix.Rows, ComparisonFormat.Csv).TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');

        Assert.Equal(7, lines.Length);
        Assert.Equal("name", header[0]);
        int iops = Array.IndexOf(header, "iops");
        int fates = Array.IndexOf(header, "flush_fates");
        var first = SplitCsv(lines[1]);
        Assert.Equal(header.Length, first.Count);
        Assert.Equal(matrix.Rows[0].Iops, double.Parse(first[iops], CultureInfo.InvariantCulture));
        Assert.Contains("→", first[fates], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Json_SnakeCaseArrayThatRoundTripsTheFigures()
    {
        using var doc = JsonDocument.Parse(ComparisonTable.Format(matrix.Rows, ComparisonFormat.Json));
        var rows = doc.RootElement.EnumerateArray().ToList();

        Assert.Equal(6, rows.Count);
        var blkfront = rows.Single(r => r.GetProperty("name").GetString() == "linux-blkfront_linux-2.6.18");
        Assert.Equal(matrix.Row(ReplayStrategies.LinuxBlkfront, "linux-2.6.18").FlushesOkayWithoutRingOkay, blkfront.GetProperty("flushes_okay_without_ring_okay").GetInt64());
        Assert.Equal("lost-durable-write", blkfront.GetProperty("durability_kinds")[0].GetString());
        Assert.Equal("nothing", blkfront.GetProperty("flush_fates")[0].GetProperty("became").GetString());
        Assert.True(blkfront.GetProperty("mb_per_s").GetDouble() > 0);
    }

    [Fact]
    public void Load_MissingPath_IsFileNotFoundNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ComparisonTable.Load(["/nonexistent/blkt-compare"]));
        Assert.StartsWith("/nonexistent/blkt-compare: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MatrixJsonNotJson_IsInvalidDataNamingIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("matrix.json"), "{ not json");

        var e = Assert.Throws<InvalidDataException>(() => ComparisonTable.Load([dir.Path]));
        Assert.Contains("matrix.json: not JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_MatrixCellMissing_IsDirectoryNotFoundNamingTheCell()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("matrix.json"), """{ "cells": [ { "directory": "native-flush_linux" } ] }""");

        var e = Assert.Throws<DirectoryNotFoundException>(() => ComparisonTable.Load([dir.Path]));
        Assert.Contains("native-flush_linux is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoInputs_IsArgumentError()
    {
        Assert.Throws<ArgumentException>(() => ComparisonTable.Load([]));
    }

    private static string Json(IReadOnlyList<ComparisonRow> rows) => ComparisonTable.Format(rows, ComparisonFormat.Json);

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
