using System.Diagnostics;
using System.Globalization;
using BlkTrace.Frontend;
using BlkTrace.Frontend.Workloads;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// Captures the demo workload the way a user would on a real host, in two processes: a
/// <c>blkt backend --trace</c> child serves a vbd directory with the tap on, and this process is the
/// guest (the Frontend workload driver) on the other side of the shared ring. The child is stopped
/// with SIGTERM so it seals its trace.
/// </summary>
public static class DemoCapture
{
    /// <summary>What the capture did.</summary>
    /// <param name="Workload">The driver's one-line summary.</param>
    /// <param name="BackendOutput">The backend child's stdout (its feature line and request summary).</param>
    /// <param name="Requests">Requests completed.</param>
    public sealed record Result(string Workload, string BackendOutput, long Requests);

    /// <summary>
    /// Runs the capture into <paramref name="traceDirectory"/>; <paramref name="report"/> gets the
    /// fraction done and a status line. A backend that fails to start or to stop is an <see cref="IOException"/>
    /// carrying its last stderr line.
    /// </summary>
    public static Result Run(string traceDirectory, DemoWorkload workload, Action<double, string> report, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(report);

        // The vbd directory holds Unix sockets, whose paths must stay under 108 bytes: keep it short, in /tmp.
        string scratch = Path.Combine(Path.GetTempPath(), "blkt-demo-" + Guid.NewGuid().ToString("N")[..8]);
        string vbd = Path.Combine(scratch, "vbd");
        Directory.CreateDirectory(scratch);
        try
        {
            string store = string.Create(CultureInfo.InvariantCulture, $"mem:{workload.DiskBytes},cache");
            var psi = SelfProcess.StartInfo(["backend", "--vbd", vbd, "--store", store, "--profile", workload.CaptureProfile, "--trace", traceDirectory, "--hash-data"]);
            using var backend = Process.Start(psi) ?? throw new IOException("blkt demo: could not start the backend process");
            var stdout = backend.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = backend.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                report(0, "capture: starting blkt backend (pid " + backend.Id.ToString(CultureInfo.InvariantCulture) + ")");
                WaitForBackend(vbd, backend, stderr, cancel);
                var (summary, completed) = Drive(vbd, workload, report, cancel);
                report(1, "capture: stopping the backend (SIGTERM) so it seals the trace");
                if (PosixSignal.Kill(backend.Id, PosixSignal.Sigterm) != 0)
                {
                    throw new IOException($"blkt demo: could not signal the backend (pid {backend.Id})");
                }

                if (!backend.WaitForExit(TimeSpan.FromSeconds(60)))
                {
                    throw new IOException("blkt demo: the backend did not stop within 60 s of SIGTERM");
                }

                string output = stdout.GetAwaiter().GetResult();
                if (backend.ExitCode != 0)
                {
                    throw new IOException($"blkt demo: the backend exited with code {backend.ExitCode}: {LastLine(stderr.GetAwaiter().GetResult())}");
                }

                return new Result(summary, output, completed);
            }
            finally
            {
                if (!backend.HasExited)
                {
                    backend.Kill(entireProcessTree: true);
                    backend.WaitForExit();
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // A socket file may linger a moment after the child exits; /tmp is cleaned eventually.
            }
        }
    }

    private static void WaitForBackend(string vbd, Process backend, Task<string> stderr, CancellationToken cancel)
    {
        string state = Path.Combine(vbd, "xenstore", "backend", "state");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            cancel.ThrowIfCancellationRequested();
            if (backend.HasExited)
            {
                throw new IOException($"blkt demo: the backend exited at start (code {backend.ExitCode}): {LastLine(stderr.GetAwaiter().GetResult())}");
            }

            try
            {
                if (File.Exists(state) && File.ReadAllText(state).Trim() == "2")
                {
                    return;
                }
            }
            catch (IOException)
            {
                // Renamed over while we read it: look again.
            }

            Thread.Sleep(20);
        }

        throw new IOException($"blkt demo: the backend did not announce itself in {vbd} within 60 s");
    }

    private static (string Summary, long Completed) Drive(string vbd, DemoWorkload workload, Action<double, string> report, CancellationToken cancel)
    {
        using var transport = VbdDirectory.OpenFrontend(vbd);
        using var driver = FrontendDriver.Connect(transport, new FrontendOptions { Queues = 1 }, cancel);
        var runner = new WorkloadRunner(driver.Queues[0], driver.Features, driver.Disk, workload.Options with
        {
            RegionBytes = Math.Min(driver.Disk.Bytes, workload.DiskBytes) / 1048576 * 1048576,
        });
        WorkloadResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = runner.Run(cancel);
            }
            catch (Exception e) when (e is IOException or TransportException or OperationCanceledException)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "demo-workload" };
        thread.Start();
        while (!thread.Join(250))
        {
            long done = driver.Queues[0].Completed;
            report((double)done / workload.Requests, string.Create(CultureInfo.InvariantCulture, $"capture: {done:N0} of {workload.Requests:N0} requests through the backend's tap"));
        }

        if (failure is not null)
        {
            throw failure is OperationCanceledException ? failure : new IOException("blkt demo: the workload failed: " + CliErrors.OneLine(failure.Message), failure);
        }

        driver.Close();
        return (result!.Summary(), driver.Queues[0].Completed);
    }

    private static string LastLine(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : lines[^1];
    }
}
