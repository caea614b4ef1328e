using System.Runtime.InteropServices;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// <c>kill(2)</c>, which .NET does not expose: the demo stops its backend child with SIGTERM so the
/// child seals its trace and prints its summary (Process.Kill is SIGKILL and would lose the trace tail).
/// </summary>
internal static class PosixSignal
{
    /// <summary>SIGTERM on Linux.</summary>
    public const int Sigterm = 15;

    // DllImport rather than LibraryImport: the generated stubs need unsafe code, which only Protocol may use.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}
