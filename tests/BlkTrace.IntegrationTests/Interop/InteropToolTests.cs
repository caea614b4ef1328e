using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlkTrace.Interop;
using BlkTrace.Tests.Interop;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.IntegrationTests.Interop;

/// <summary>
/// Our exports against the tools users already trust (Debian's blktrace and fio, installed by
/// <c>.ci/install-deps</c>): a seeded trace is written as a real trace, exported by the real
/// <c>blkt convert</c>, and read by <c>blkparse</c>, <c>btt</c> and <c>fio --read_iolog</c>, whose own
/// numbers must equal the ones we compute from the trace.
/// </summary>
public sealed partial class InteropToolTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Blkparse_OurBlktraceExport_PerActionCountsAndBytesEqualOurs()
    {
        ExternalTool.Require("blkparse");
        var rows = InteropTraces.Random(1200, seed: 21, queues: 2);
        string trace = WriteTrace(rows);
        var convert = await BlktProcess.RunAsync("convert", trace, _dir.Sub("out.blktrace"));
        Assert.True(convert.ExitCode == 0, convert.StdOut + convert.StdErr);

        await ExternalTool.RunAsync("blkparse", ["-D", _dir.Path, "-i", "out", "-o", _dir.Sub("parse.txt")]);

        string text = File.ReadAllText(_dir.Sub("parse.txt"));
        string total = Summary(text);
        var ours = Ours.From(rows);
        Assert.Equal((ours.ReadRequests, ours.ReadKiB, ours.WriteRequests, ours.WriteKiB), Pair(QueuedRegex(), total));
        Assert.Equal((ours.ReadRequests, ours.ReadKiB, ours.WriteRequests, ours.WriteKiB), Pair(DispatchedRegex(), total));
        Assert.Equal((ours.ReadCompletions, ours.ReadCompletedKiB, ours.WriteCompletions, ours.WriteCompletedKiB), Pair(CompletedRegex(), total));
        long events = long.Parse(EventsRegex().Match(text).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal((4 * ours.Requests) + ours.Completions, events); // Q G I D per request, C per response
    }

    [SkippableTheory]
    [InlineData("xvd-mixed-flush-fua")]
    [InlineData("nvme-readahead")]
    public async Task Blkparse_SharedSample_SummaryEqualsOurImport(string sample)
    {
        ExternalTool.Require("blkparse");
        string fixtures = Path.Combine(RepoRoot(), "tests", "BlkTrace.Tests", "Interop", "Fixtures");
        var convert = await BlktProcess.RunAsync("convert", Path.Combine(fixtures, sample + ".blktrace.0"), _dir.Sub("imported.parquet"));
        Assert.True(convert.ExitCode == 0, convert.StdOut + convert.StdErr);

        // On stdin, as the samples' README does: the NVMe capture's records say CPU 1 although the file
        // is .0, and blkparse drops a per-CPU file whose records name another CPU.
        await ExternalTool.RunAsync("blkparse", ["-i", "-", "-o", _dir.Sub("parse.txt")], stdinFile: Path.Combine(fixtures, sample + ".blktrace.0"));

        string total = Summary(File.ReadAllText(_dir.Sub("parse.txt")));
        var ours = Ours.From([.. TraceRows.Read(_dir.Sub("imported.parquet"))]);
        Assert.Equal((ours.ReadRequests, ours.ReadKiB, ours.WriteRequests, ours.WriteKiB), Pair(QueuedRegex(), total));
        Assert.Equal((ours.ReadCompletions, ours.ReadCompletedKiB, ours.WriteCompletions, ours.WriteCompletedKiB), Pair(CompletedRegex(), total));
    }

    [SkippableFact]
    public async Task Btt_OurBlktraceExport_Q2cAverageEqualsOurs()
    {
        ExternalTool.Require("blkparse", "btt");
        var rows = InteropTraces.Random(1500, seed: 22, queues: 1);
        string trace = WriteTrace(rows);
        var convert = await BlktProcess.RunAsync("convert", trace, _dir.Sub("out.blktrace.0"));
        Assert.True(convert.ExitCode == 0, convert.StdOut + convert.StdErr);

        await ExternalTool.RunAsync("blkparse", ["-D", _dir.Path, "-i", "out", "-d", _dir.Sub("out.bin"), "-o", "/dev/null"]);
        var btt = await ExternalTool.RunAsync("btt", ["-i", _dir.Sub("out.bin")]);

        var q2c = Q2cRegex().Match(btt.StdOut);
        Assert.True(q2c.Success, btt.StdOut);
        double bttAvg = double.Parse(q2c.Groups[2].Value, CultureInfo.InvariantCulture);
        long bttN = long.Parse(q2c.Groups[4].Value, CultureInfo.InvariantCulture);
        // btt leaves 0-byte requests (the empty flushes, FN) out of its per-I/O statistics.
        var ours = Ours.From(rows);
        Assert.Equal(ours.DataCompletions, bttN);
        Assert.Equal(ours.DataQ2cSumNs / (double)ours.DataCompletions / 1e9, bttAvg, 1e-9); // btt prints 9 decimals of a second
    }

    [SkippableFact]
    public async Task Fio_ReplaysOurIologExport_IssuesExactlyOurReadsWritesAndSyncs()
    {
        ExternalTool.Require("fio");
        // Without discards: fio 3.33's psync engine issues no trim to a regular file (trim total_ios stays 0).
        var rows = InteropTraces.Random(800, seed: 23, queues: 2).Where(r => BlockOpMapping.FromRow(r) != BlockOp.Discard || r.Kind != RingEventKind.Request).ToList();
        string trace = WriteTrace(rows);
        // fio 3.33 counts `sync` lines in its sync statistics but books `datasync` as short reads, so
        // the log spells flushes as `sync` (fsync) here to be counted.
        var convert = await BlktProcess.RunAsync("convert", trace, _dir.Sub("out.iolog"), "--fio-flush", "sync");
        Assert.True(convert.ExitCode == 0, convert.StdOut + convert.StdErr);
        string scratch = _dir.Sub("scratch.img");
        using (var f = new FileStream(scratch, FileMode.CreateNew))
        {
            f.SetLength(9L << 30); // sparse: InteropTraces spreads requests over 8 GiB
        }

        var fio = await ExternalTool.RunAsync("fio", [
            "--name=replay", "--read_iolog=" + _dir.Sub("out.iolog"), "--replay_redirect=" + scratch,
            "--ioengine=psync", "--replay_no_stall=1", "--output-format=json",
        ]);

        using var json = JsonDocument.Parse(fio.StdOut[fio.StdOut.IndexOf('{', StringComparison.Ordinal)..]);
        var job = json.RootElement.GetProperty("jobs")[0];
        long Ios(string dir) => job.GetProperty(dir).GetProperty("total_ios").GetInt64();
        var ours = Ours.From(rows);
        Assert.True(job.GetProperty("error").GetInt32() == 0, fio.StdOut);
        Assert.True(Ios("read") == ours.FioReads, $"fio read {job.GetProperty("read")}\n{File.ReadLines(_dir.Sub("out.iolog")).Take(12).Aggregate((a, b) => a + "\n" + b)}");
        Assert.Equal(ours.FioReads, Ios("read"));
        Assert.Equal(ours.FioWrites, Ios("write"));
        Assert.Equal(ours.FioSyncs, Ios("sync"));
        Assert.True(ours.FioReads > 0 && ours.FioWrites > 0 && ours.FioSyncs > 0);
    }

    private static (long, long, long, long) Pair(Regex regex, string text)
    {
        var m = regex.Match(text);
        Assert.True(m.Success, "blkparse summary line not found: " + regex + "\n" + text);
        return (Count(m.Groups[1].Value), Count(m.Groups[2].Value), Count(m.Groups[3].Value), Count(m.Groups[4].Value));
    }

    /// <summary>blkparse's summary of all CPUs: the "Total" section, or the only CPU's section when there is one CPU.</summary>
    private static string Summary(string text)
    {
        int at = text.LastIndexOf("Total (", StringComparison.Ordinal);
        at = at >= 0 ? at : text.LastIndexOf("\nCPU", StringComparison.Ordinal);
        Assert.True(at >= 0, "no summary in blkparse's output");
        return text[at..];
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

    private static long Count(string s) => long.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private string WriteTrace(List<RingEvent> rows)
    {
        string dir = _dir.Sub("trace");
        using (var writer = new TraceWriter(dir, new TraceMetadata { Writer = "InteropToolTests" }, new TraceWriterOptions { BaseName = "t", MaxSegmentAge = null }))
        {
            for (int i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                row.Seq = i;
                writer.Append(row);
            }
        }

        return dir;
    }

    // blkparse prints counts with thousands separators and sizes in KiB while they stay under 64 MiB
    // (the traces here are smaller), so a match on "KiB" is exact.
    [GeneratedRegex(@"Reads Queued:\s+([\d,]+),\s+([\d,]+)KiB\s+Writes Queued:\s+([\d,]+),\s+([\d,]+)KiB")]
    private static partial Regex QueuedRegex();

    [GeneratedRegex(@"Read Dispatches:\s+([\d,]+),\s+([\d,]+)KiB\s+Write Dispatches:\s+([\d,]+),\s+([\d,]+)KiB")]
    private static partial Regex DispatchedRegex();

    [GeneratedRegex(@"Reads Completed:\s+([\d,]+),\s+([\d,]+)KiB\s+Writes Completed:\s+([\d,]+),\s+([\d,]+)KiB")]
    private static partial Regex CompletedRegex();

    [GeneratedRegex(@"Events \([^)]*\): ([\d,]+) entries")]
    private static partial Regex EventsRegex();

    [GeneratedRegex(@"^Q2C\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex Q2cRegex();

    /// <summary>
    /// What a trace is in blkparse's, btt's and fio's terms, computed from the rows by spec/formats.md
    /// alone (not by the exporter): an empty flush is a 0-byte read (FN), every other data or flush op
    /// a write; fio spells a preflush write as sync + write and a preflush+FUA write as sync + write + sync.
    /// </summary>
    private sealed record Ours(long Requests, long ReadRequests, long ReadKiB, long WriteRequests, long WriteKiB,
        long Completions, long ReadCompletions, long ReadCompletedKiB, long WriteCompletions, long WriteCompletedKiB, long DataCompletions, long DataQ2cSumNs,
        long FioReads, long FioWrites, long FioSyncs)
    {
        public static Ours From(IReadOnlyList<RingEvent> rows)
        {
            var requests = new Dictionary<(short, ulong), (bool Read, long Bytes, long Ts)>();
            long reads = 0, readKiB = 0, writes = 0, writeKiB = 0, fioReads = 0, fioWrites = 0, fioSyncs = 0;
            long done = 0, readsDone = 0, readDoneKiB = 0, writesDone = 0, writeDoneKiB = 0, dataDone = 0, q2c = 0;
            foreach (var r in rows)
            {
                if (r.Kind == RingEventKind.Request && BlockOpMapping.FromRow(r) is { } op)
                {
                    bool read = op is BlockOp.Read or BlockOp.Flush;
                    long bytes = op == BlockOp.Flush ? 0 : r.NrSectors * 512L;
                    requests[(r.Queue, r.Id)] = (read, bytes, r.TsNs);
                    (read ? ref reads : ref writes)++;
                    (read ? ref readKiB : ref writeKiB) += bytes >> 10;
                    switch (op)
                    {
                        case BlockOp.Read: fioReads++; break;
                        case BlockOp.Write or BlockOp.FuaWrite: fioWrites++; break;
                        case BlockOp.Flush: fioSyncs++; break;
                        case BlockOp.PreflushWrite: fioWrites++; fioSyncs++; break;
                        case BlockOp.PreflushFuaWrite: fioWrites++; fioSyncs += 2; break;
                    }
                }
                else if (r.Kind == RingEventKind.Response && requests.Remove((r.Queue, r.Id), out var q))
                {
                    done++;
                    if (q.Bytes > 0)
                    {
                        dataDone++;
                        q2c += r.TsNs - q.Ts;
                    }

                    (q.Read ? ref readsDone : ref writesDone)++;
                    (q.Read ? ref readDoneKiB : ref writeDoneKiB) += q.Bytes >> 10;
                }
            }

            return new Ours(reads + writes, reads, readKiB, writes, writeKiB, done, readsDone, readDoneKiB, writesDone, writeDoneKiB, dataDone, q2c, fioReads, fioWrites, fioSyncs);
        }
    }
}
