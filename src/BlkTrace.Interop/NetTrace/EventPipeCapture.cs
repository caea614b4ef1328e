using System.Diagnostics.Tracing;
using BlkTrace.Trace;
using BlkTrace.Trace.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;

namespace BlkTrace.Interop.NetTrace;

/// <summary>
/// Records the <c>BlkTrace-Ring</c> EventSource of a running backend over EventPipe (the runtime's
/// diagnostics port), with stack collection and rundown off and a large buffer, then converts the
/// events to a directory of trace segments. No restart of the backend, no <c>--trace</c> needed.
/// </summary>
/// <remarks>
/// The session streams into <c>DIR/NAME.nettrace</c> on a background copy while the caller waits for
/// the duration, a cancellation, or the process to exit (its stream ends); stopping the session
/// flushes the runtime's buffers into the stream. Events the runtime dropped are counted by
/// <see cref="NetTraceImporter"/> and land in <c>blktrace.dropped_events</c>.
/// </remarks>
public static class EventPipeCapture
{
    /// <summary>Records process <paramref name="pid"/> into <paramref name="directory"/> (created; must not already hold a capture).</summary>
    public static CaptureResult Run(int pid, string directory, CaptureOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new CaptureOptions();
        string full = Path.GetFullPath(directory);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        Directory.CreateDirectory(full);
        string netTrace = Path.Combine(full, (string.IsNullOrEmpty(name) ? "capture" : name) + ".nettrace");
        if (File.Exists(netTrace))
        {
            throw new IOException($"{netTrace}: already exists; capture into an empty directory");
        }

        var providers = new[] { new EventPipeProvider(RingEventSource.ProviderName, EventLevel.Informational, (long)(RingEventSource.Keywords.Requests | RingEventSource.Keywords.Responses | RingEventSource.Keywords.StoreFlushes)) };
        var config = new EventPipeSessionConfiguration(providers, options.BufferMegabytes, requestRundown: false, requestStackwalk: false);
        EventPipeSession session;
        try
        {
            session = new DiagnosticsClient(pid).StartEventPipeSession(config);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException or UnauthorizedAccessException or TimeoutException)
        {
            throw new IOException($"pid {pid}: cannot open an EventPipe session ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); is it a running blkt backend (a .NET process) owned by this user?", e);
        }

        var clock = options.TimeProvider;
        long started = clock.GetTimestamp();
        bool exited;
        using (session)
        {
            using var file = new FileStream(netTrace, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20);
            var copy = session.EventStream.CopyToAsync(file, 1 << 20, CancellationToken.None);
            exited = Wait(copy, file, options, clock, started, cancel);
            if (!exited)
            {
                try
                {
                    session.Stop();
                }
                catch (Exception e) when (e is ServerNotAvailableException or IOException or EndOfStreamException or TimeoutException)
                {
                    // The process went away between the wait and the stop: its stream has ended anyway.
                    exited = true;
                }
            }

            try
            {
                copy.GetAwaiter().GetResult();
            }
            catch (IOException)
            {
                // A process that exits mid-stream breaks the pipe; what arrived is still a readable prefix.
                exited = true;
            }
        }

        var elapsed = clock.GetElapsedTime(started);
        long bytes = new FileInfo(netTrace).Length;
        var metadata = new TraceMetadata { Writer = "blkt capture", Extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["blktrace.capture.pid"] = pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        var import = NetTraceImporter.ImportToTrace(netTrace, full, metadata, cancel: CancellationToken.None);
        if (!options.KeepNetTrace)
        {
            File.Delete(netTrace);
        }

        return new CaptureResult(netTrace, bytes, elapsed, exited, import);
    }

    /// <summary>Waits for the duration, a cancellation or the end of the stream; true when the stream ended (the process exited).</summary>
    private static bool Wait(Task copy, FileStream file, CaptureOptions options, TimeProvider clock, long started, CancellationToken cancel)
    {
        // Waiting on a continuation, not the copy itself: a copy that faults must end the wait, not throw here.
        var ended = copy.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (true)
        {
            if (ended.Wait(TimeSpan.FromMilliseconds(250), CancellationToken.None))
            {
                return true;
            }

            options.Progress?.Invoke(file.Length);
            if (cancel.IsCancellationRequested || (options.Duration is { } d && clock.GetElapsedTime(started) >= d))
            {
                return false;
            }
        }
    }
}
