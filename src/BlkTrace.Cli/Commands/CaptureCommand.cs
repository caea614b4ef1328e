using System.CommandLine;
using System.Globalization;
using BlkTrace.Interop.NetTrace;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt capture --pid PID -o DIR</c>: records a running backend's <c>BlkTrace-Ring</c> events over
/// EventPipe (no restart, no <c>--trace</c>) until <c>--duration</c> passes, Ctrl-C, or the backend
/// exits, then writes them as trace segments in DIR, with lost events in <c>blktrace.dropped_events</c>.
/// </summary>
public static class CaptureCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var pid = CliOptions.Int("--pid", "process id of a running blkt backend", 0, 1, int.MaxValue);
        pid.Required = true;
        var output = new Option<string>("--output", "-o") { Description = "directory to write the trace segments into", Required = true };
        var duration = new Option<TimeSpan?>("--duration")
        {
            Description = "how long to record (10s, 500ms, 2m); default: until Ctrl-C or the backend exits",
            CustomParser = r =>
            {
                string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
                if (WorkloadCommand.TryParseDuration(token, out var t))
                {
                    return t;
                }

                r.AddError($"--duration: '{token}' is not a duration (like 10s, 500ms, 2m)");
                return null;
            },
        };
        var buffer = CliOptions.Int("--buffer-mb", "EventPipe session buffer in MiB (events are dropped, and counted, only when it fills)", 1024, 16, 16384);
        var keep = new Option<bool>("--keep-nettrace") { Description = "keep the raw .nettrace file beside the segments" };
        var command = new Command("capture", "Record a running backend's ring over EventPipe into a trace, without restarting it.")
        {
            pid, output, duration, buffer, keep,
        };
        command.SetAction((parse, cancel) =>
        {
            var options = new CaptureOptions
            {
                Duration = parse.GetValue(duration),
                BufferMegabytes = parse.GetValue(buffer),
                KeepNetTrace = parse.GetValue(keep),
            };
            return Task.FromResult(Run(parse.GetValue(pid), parse.GetValue(output)!, options, cancel));
        });
        return command;
    }

    private static int Run(int pid, string output, CaptureOptions options, CancellationToken outer)
    {
        using var signals = new TerminationSignals(outer);
        long lastPrint = Environment.TickCount64;
        options = options with
        {
            Progress = bytes =>
            {
                if (Environment.TickCount64 - lastPrint >= 5000)
                {
                    lastPrint = Environment.TickCount64;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1048576.0:N1} MiB of events received"));
                }
            },
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt capture: recording pid {pid} into {output}{(options.Duration is { } d ? $" for {d.TotalSeconds:0.###} s" : " until Ctrl-C or exit")}"));
        var result = EventPipeCapture.Run(pid, output, options, signals.Token);
        var import = result.Import;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt capture: {result.Elapsed.TotalSeconds:0.0} s, {result.NetTraceBytes / 1048576.0:N1} MiB of EventPipe data{(result.ProcessExited ? " (the process exited)" : string.Empty)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"blkt capture: {import.Requests:N0} requests, {import.Responses:N0} responses, {import.DroppedEvents:N0} events lost -> {output}"));
        if (options.KeepNetTrace)
        {
            Console.WriteLine("blkt capture: kept " + result.NetTracePath);
        }

        return ExitCodes.Ok;
    }
}
