using System.Globalization;

namespace BlkTrace.Replay.Engine;

/// <summary>The calling thread's context-switch counts from <c>/proc/thread-self/status</c> (Linux; -1 elsewhere).</summary>
internal static class ThreadStats
{
    /// <summary>(voluntary, involuntary) switches of the calling thread so far.</summary>
    public static (long Voluntary, long Involuntary) Switches()
    {
        const string path = "/proc/thread-self/status";
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return (-1, -1);
        }

        long voluntary = -1, involuntary = -1;
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
            {
                voluntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            {
                involuntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (voluntary, involuntary);
    }
}
