using System.Diagnostics;

namespace BlkTrace.IntegrationTests.Interop;

/// <summary>Runs a real external tool (blkparse, btt, fio) the way a user would, with a hard time limit.</summary>
public static class ExternalTool
{
    /// <summary>
    /// True when <paramref name="program"/> is on PATH. Tests skip without it on a developer machine;
    /// on CI (<c>CI</c> set) they run and fail, because <c>.ci/install-deps</c> installs the tools.
    /// </summary>
    public static bool Available(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    /// <summary>Skips (outside CI) when a tool is missing.</summary>
    public static void Require(params string[] programs)
    {
        bool ci = Environment.GetEnvironmentVariable("CI") is { Length: > 0 };
        foreach (string program in programs)
        {
            Skip.If(!ci && !Available(program), $"{program} is not installed (apt-get install blktrace fio, or run .ci/install-deps)");
        }
    }

    /// <summary>Runs to completion; a non-zero exit fails the test with the tool's output.</summary>
    public static async Task<BlktResult> RunAsync(string program, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null, string? stdinFile = null)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        if (stdinFile is not null)
        {
            await using (var input = File.OpenRead(stdinFile))
            {
                await input.CopyToAsync(p.StandardInput.BaseStream);
            }
        }

        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }

        var result = new BlktResult(p.ExitCode, await stdout, await stderr);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', psi.ArgumentList)} exited {result.ExitCode}: {result.StdErr}{result.StdOut}");
        return result;
    }
}
