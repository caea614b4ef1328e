using System.Diagnostics;
using System.Reflection;

namespace BlkTrace.Cli;

/// <summary>Starts another <c>blkt</c> process (the same binary), for commands that need a peer in a separate process.</summary>
public static class SelfProcess
{
    /// <summary>A start description for <c>blkt ARGS</c>, whether we run as an apphost or under <c>dotnet blkt.dll</c>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find our own executable");
        var psi = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.Ordinal))
        {
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }
}
