using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Diagnostics;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Ring;
using BlkTrace.Protocol.Transport;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Cli.Commands;

/// <summary>
/// <c>blkt ring-bench</c>: round trips through a bare echo backend, in one process or across two
/// processes over a vbd directory, with the notifications per request that show suppression working.
/// </summary>
public static class RingBenchCommand
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var count = CliOptions.Count("--count", "round trips to make (k/M/G suffixes allowed)", 10_000_000, 1);
        var order = CliOptions.Int("--order", "ring-page-order: 0..4 (32..512 slots)", 0, 0, RingMath.MaxPageOrder);
        var abi = CliOptions.Choice("--abi", "request layout", "x86_64", "x86_64", "x86_32");
        var mode = CliOptions.Choice("--mode", "where the echo backend runs", "in-process", "in-process", "cross-process");
        var vbd = new Option<string?>("--vbd") { Description = "vbd directory (with --role)", Hidden = true };
        var role = new Option<string?>("--role") { Description = "echo or drive: one end of a cross-process run", Hidden = true };
        var json = new Option<bool>("--json") { Description = "print the result as one JSON object" };
        role.AcceptOnlyFromAmong("echo", "drive");

        var command = new Command("ring-bench", "Measure echo round trips through the shared ring (in-process, or across processes over a vbd directory).")
        {
            count, order, abi, mode, vbd, role, json,
        };
        command.SetAction((parse, cancel) =>
        {
            var a = parse.GetValue(abi) == "x86_32" ? BlkifAbi.X86_32 : BlkifAbi.X86_64;
            bool asJson = parse.GetValue(json);
            string? dir = parse.GetValue(vbd);
            string? r = parse.GetValue(role);
            if (r is not null && dir is null)
            {
                throw new CliUsageException("--role needs --vbd DIR");
            }

            int code = r switch
            {
                "echo" => RunEcho(dir!, cancel),
                "drive" => RunDrive(dir!, parse.GetValue(count), parse.GetValue(order), a, "cross-process", asJson, cancel),
                _ when parse.GetValue(mode) == "cross-process" => RunCrossProcess(parse.GetValue(count), parse.GetValue(order), a, asJson, cancel),
                _ => RunInProcess(parse.GetValue(count), parse.GetValue(order), a, asJson, cancel),
            };
            return Task.FromResult(code);
        });
        return command;
    }

    private static int RunInProcess(long count, int order, BlkifAbi abi, bool asJson, CancellationToken cancel)
    {
        using var vbd = new InProcessVbd();
        var accept = Task.Run(() => RingEchoSetup.AcceptFrontend(vbd.Backend, 1 << 20, HandshakeTimeout, cancel), cancel);
        var (front, channel) = RingEchoSetup.ConnectToBackend(vbd.Frontend, order, abi, HandshakeTimeout, cancel);
        var back = accept.GetAwaiter().GetResult();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var server = new RingEchoServer(back.Ring, back.Channel);
        var serverThread = new Thread(() => server.Run(stop.Token)) { IsBackground = true, Name = "echo-backend" };
        serverThread.Start();

        // A short warm-up lets the JIT finish before we time anything.
        new RingEchoClient(front, channel).Run(Math.Min(count, 200_000), 0, cancel);
        var result = new RingEchoClient(front, channel).Run(count, 1UL << 32, cancel);
        stop.Cancel();
        serverThread.Join();
        Report("in-process", front.Size, result, asJson);
        return result.Mismatches == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static int RunCrossProcess(long count, int order, BlkifAbi abi, bool asJson, CancellationToken cancel)
    {
        // Socket paths must stay under 108 bytes: keep the directory short.
        string dir = Path.Combine("/tmp", "blkt-ring-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            using var echo = Process.Start(SelfProcess.StartInfo(["ring-bench", "--role", "echo", "--vbd", dir]))
                ?? throw new InvalidOperationException("could not start the echo backend process");
            var echoOut = echo.StandardOutput.ReadToEndAsync(cancel);
            var echoErr = echo.StandardError.ReadToEndAsync(cancel);
            int code = RunDrive(dir, count, order, abi, "cross-process", asJson, cancel);
            if (!echo.WaitForExit(30_000))
            {
                echo.Kill();
                throw new InvalidOperationException("the echo backend process did not exit after the frontend closed");
            }

            if (!asJson)
            {
                Console.Write(echoOut.GetAwaiter().GetResult());
            }

            Console.Error.Write(echoErr.GetAwaiter().GetResult());
            return echo.ExitCode != 0 ? echo.ExitCode : code;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int RunEcho(string dir, CancellationToken cancel)
    {
        using var transport = VbdDirectory.OpenBackend(dir);
        var (ring, channel) = RingEchoSetup.AcceptFrontend(transport, 1 << 20, HandshakeTimeout, cancel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var server = new RingEchoServer(ring, channel);
        var thread = new Thread(() => server.Run(stop.Token)) { IsBackground = true, Name = "echo-backend" };
        thread.Start();

        var handshake = new BackendHandshake(transport.Store);
        while (!stop.IsCancellationRequested && thread.IsAlive && handshake.FrontendState < XenbusState.Closing)
        {
            transport.Store.WaitForChange(200);
        }

        stop.Cancel();
        thread.Join();
        handshake.Close();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"echo backend: {server.Requests:N0} requests answered, {channel.NotificationsSent:N0} notifications sent, {server.Sleeps:N0} sleeps, {server.Rearms:N0} event re-arms{(server.Halted ? ", ring HALTED on producer overflow" : string.Empty)}"));
        channel.Dispose();
        return ExitCodes.Ok;
    }

    private static int RunDrive(string dir, long count, int order, BlkifAbi abi, string label, bool asJson, CancellationToken cancel)
    {
        using var transport = VbdDirectory.OpenFrontend(dir);
        var (front, channel) = RingEchoSetup.ConnectToBackend(transport, order, abi, HandshakeTimeout, cancel);
        try
        {
            new RingEchoClient(front, channel).Run(Math.Min(count, 200_000), 0, cancel);
            var result = new RingEchoClient(front, channel).Run(count, 1UL << 32, cancel);
            Report(label, front.Size, result, asJson);
            return result.Mismatches == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }
        finally
        {
            new FrontendHandshake(transport.Store).Close();
            channel.Dispose();
        }
    }

    private static void Report(string label, int ringSize, RingEchoResult r, bool asJson)
    {
        if (asJson)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                mode = label,
                ringSize,
                roundTrips = r.RoundTrips,
                mismatches = r.Mismatches,
                seconds = r.Elapsed.TotalSeconds,
                roundTripsPerSecond = r.RoundTripsPerSecond,
                notificationsSent = r.NotificationsSent,
                notificationsReceived = r.NotificationsReceived,
                sleeps = r.Sleeps,
            }));
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {r.RoundTrips:N0} round trips through a {ringSize}-slot ring in {r.Elapsed.TotalSeconds:0.000} s = {r.RoundTripsPerSecond / 1e6:0.00} M/s; frontend notifications {r.NotificationsSent:N0} ({r.NotificationsPerRequest:0.000000}/request), wake-ups {r.NotificationsReceived:N0}; mismatched responses {r.Mismatches}"));
    }
}
