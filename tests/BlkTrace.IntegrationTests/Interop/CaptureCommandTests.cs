using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BlkTrace.Interop;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.IntegrationTests.Interop;

/// <summary>
/// <c>blkt capture --pid</c> against a real <c>blkt backend</c> process (no <c>--trace</c>) while a
/// real <c>blkt workload</c> process drives it: the EventPipe session records the ring, and the
/// trace it writes is a sane ring trace.
/// </summary>
public sealed partial class CaptureCommandTests : IDisposable
{
    private const int QueueDepth = 8;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Capture_RunningBackendDrivenByWorkload_RequestsPairWithResponsesWithoutFaults()
    {
        string vbd = _dir.Sub("vbd");
        string output = _dir.Sub("cap");
        using var backend = Process.Start(BlktProcess.StartInfo("backend", "--vbd", vbd, "--store", $"file:{_dir.Sub("disk.img")},size=64M", "--profile", "linux"))!;
        var backendOut = backend.StandardOutput.ReadToEndAsync();
        var backendErr = backend.StandardError.ReadToEndAsync();
        Process? workload = null;
        try
        {
            await VbdWait.ForBackendAsync(vbd);

            // The workload runs far longer than the capture; it is stopped once the capture is done.
            workload = Process.Start(BlktProcess.StartInfo("workload", "--vbd", vbd, "--kind", "oltp", "--duration", "120s", "--qd", QueueDepth.ToString(CultureInfo.InvariantCulture), "--seed", "5"))!;
            var workloadOut = workload.StandardOutput.ReadToEndAsync();
            var workloadErr = workload.StandardError.ReadToEndAsync();
            var capture = await BlktProcess.RunAsync(["capture", "--pid", backend.Id.ToString(CultureInfo.InvariantCulture), "-o", output, "--duration", "3s"], TimeSpan.FromMinutes(2));
            Assert.False(workload.HasExited, "the workload ended before the capture did: " + await workloadOut + await workloadErr);
            Assert.True(capture.ExitCode == 0, capture.StdOut + capture.StdErr);
            var summary = SummaryRegex().Match(capture.StdOut);
            Assert.True(summary.Success, capture.StdOut);

            using (var reader = TraceReader.Open(output))
            {
                Assert.Equal(long.Parse(summary.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), reader.Metadata.DroppedEvents);
                Assert.Equal("blkt capture", reader.Metadata.Writer);
            }

            var outstanding = new Dictionary<(short, ulong), BlkifOperation>();
            long requests = 0, responses = 0, paired = 0, unmatched = 0, reused = 0, wrongOp = 0, failed = 0;
            foreach (var row in TraceRows.Read(output))
            {
                if (row.Kind == RingEventKind.Request)
                {
                    requests++;
                    reused += outstanding.TryAdd((row.Queue, row.Id), row.Operation) ? 0 : 1;
                }
                else if (row.Kind == RingEventKind.Response)
                {
                    responses++;
                    failed += row.Status == BlkifStatus.Okay ? 0 : 1;
                    if (outstanding.Remove((row.Queue, row.Id), out var requestOp))
                    {
                        paired++;
                        wrongOp += requestOp == row.Operation ? 0 : 1;
                    }
                    else
                    {
                        unmatched++;
                    }
                }
            }

            Assert.Equal(long.Parse(summary.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), requests);
            Assert.Equal(long.Parse(summary.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), responses);
            Assert.True(paired > 100, $"only {paired} request/response pairs in a 3 s capture of a running workload");
            Assert.Equal(0, reused);   // an id in flight twice would be a protocol fault
            Assert.Equal(0, wrongOp);  // a response echoes its request's op
            Assert.Equal(0, failed);   // a healthy file store answers OKAY
            // Only the capture's edges may be unpaired: requests issued before it began, or answered after it ended.
            Assert.InRange(unmatched, 0, QueueDepth);
            Assert.InRange(outstanding.Count, 0, QueueDepth);
        }
        finally
        {
            if (workload is { HasExited: false })
            {
                workload.Kill(entireProcessTree: true);
            }

            workload?.Dispose();
            if (!backend.HasExited)
            {
                backend.Kill(entireProcessTree: true);
            }

            await backend.WaitForExitAsync();
            _ = await backendOut + await backendErr;
        }
    }

    [GeneratedRegex(@"blkt capture: ([\d,]+) requests, ([\d,]+) responses, ([\d,]+) events lost")]
    private static partial Regex SummaryRegex();
}
