using System.Diagnostics;

namespace BlkTrace.IntegrationTests;

/// <summary>Runs the real <c>blkt</c> binary (built next to the tests) as a separate process.</summary>
public static class BlktProcess
{
    /// <summary>The path of blkt.dll beside this test assembly.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "blkt.dll");

    /// <summary>A start description for <c>dotnet blkt.dll ARGS</c>.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        return psi;
    }

    /// <summary>Runs to completion with a hard time limit, and returns exit code and output.</summary>
    public static async Task<BlktResult> RunAsync(string[] args, TimeSpan? timeout = null)
    {
        using var p = Process.Start(StartInfo(args))!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"blkt {string.Join(' ', args)} did not finish in time");
        }

        return new BlktResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs with default time limit.</summary>
    public static Task<BlktResult> RunAsync(params string[] args) => RunAsync(args, null);
}

/// <summary>What a blkt run printed and returned.</summary>
public sealed record BlktResult(int ExitCode, string StdOut, string StdErr);
