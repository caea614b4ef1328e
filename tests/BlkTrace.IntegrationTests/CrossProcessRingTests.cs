using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlkTrace.IntegrationTests;

/// <summary>
/// Two separate OS processes that share nothing but a vbd directory: the grants file mapped by
/// both, the xenstore/ tree, and two Unix datagram sockets.
/// </summary>
public class CrossProcessRingTests
{
    [Fact]
    public async Task EchoAcrossProcesses_MillionRequests_EveryResponseMatchesAndNotificationsAreSuppressed()
    {
        using var dir = new TempDir();
        string vbd = dir.Sub("vbd");
        using var echo = Process.Start(BlktProcess.StartInfo("ring-bench", "--role", "echo", "--vbd", vbd))!;
        var echoOut = echo.StandardOutput.ReadToEndAsync();
        var echoErr = echo.StandardError.ReadToEndAsync();
        try
        {
            await VbdWait.ForBackendAsync(vbd);
            var drive = await BlktProcess.RunAsync(["ring-bench", "--role", "drive", "--vbd", vbd, "--count", "1000000", "--json"], TimeSpan.FromMinutes(3));
            Assert.True(drive.ExitCode == 0, drive.StdErr);
            using var doc = JsonDocument.Parse(drive.StdOut);
            var r = doc.RootElement;
            Assert.Equal(32, r.GetProperty("ringSize").GetInt32());
            Assert.Equal(1_000_000, r.GetProperty("roundTrips").GetInt64());
            Assert.Equal(0, r.GetProperty("mismatches").GetInt64());

            Assert.True(echo.WaitForExit(30_000), "the echo backend did not exit after the frontend closed");
            Assert.Equal(0, echo.ExitCode);
            string echoLine = await echoOut;
            Assert.Contains("requests answered", echoLine, StringComparison.Ordinal);

            // Suppression, exactly: the frontend notifies only when the backend asked (re-armed
            // req_event before sleeping), at most once per re-arm plus the fresh ring's req_event = 1.
            // And far fewer notifications than requests, however loaded the machine is.
            long sent = r.GetProperty("notificationsSent").GetInt64();
            long rearms = long.Parse(Regex.Match(echoLine, @"([\d,]+) event re-arms").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            Assert.True(sent <= rearms + 1, $"frontend sent {sent} notifications, backend re-armed {rearms} times");
            Assert.True(sent < 1_000_000 / 20, drive.StdOut);
        }
        finally
        {
            if (!echo.HasExited)
            {
                echo.Kill();
            }

            _ = await echoErr;
        }
    }

    [SkippableFact]
    public async Task CFrontendWithXenRingMacros_AttachesToOurBackend_EveryResponseMatches()
    {
        Skip.IfNot(File.Exists("/usr/include/xen/io/ring.h"), "Xen public headers not installed (Debian libxen-dev; .ci/install-deps installs it)");
        Skip.IfNot(File.Exists("/usr/bin/gcc"), "gcc not installed");
        using var dir = new TempDir();
        string exe = dir.Sub("blkif-cfront");
        var gcc = await Run("/usr/bin/gcc", "-O2", "-Wall", "-Werror", "-o", exe, Path.Combine(AppContext.BaseDirectory, "CPeer", "blkif-cfront.c"));
        Assert.True(gcc.ExitCode == 0, gcc.StdErr);

        string vbd = dir.Sub("vbd");
        using var echo = Process.Start(BlktProcess.StartInfo("ring-bench", "--role", "echo", "--vbd", vbd))!;
        var echoOut = echo.StandardOutput.ReadToEndAsync();
        try
        {
            var front = await Run(exe, vbd, "200000");
            Assert.True(front.ExitCode == 0, front.StdOut + front.StdErr);
            Assert.Contains("sent 200000 responses 200000 bad 0", front.StdOut, StringComparison.Ordinal);
            Assert.True(echo.WaitForExit(30_000), "the echo backend did not see the C frontend close");
            Assert.Contains("200,000 requests answered", await echoOut, StringComparison.Ordinal);
        }
        finally
        {
            if (!echo.HasExited)
            {
                echo.Kill();
            }
        }
    }

    [Fact]
    public async Task Drive_MissingVbdDirectory_ExitsTwoNamingTheDirectory()
    {
        var r = await BlktProcess.RunAsync("ring-bench", "--role", "drive", "--vbd", "/tmp/blkt-does-not-exist-42");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/tmp/blkt-does-not-exist-42", r.StdErr, StringComparison.Ordinal);
        Assert.Single(r.StdErr.Trim().Split('\n'));
    }

    private static async Task<BlktResult> Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        return new BlktResult(p.ExitCode, await o, await e);
    }
}
