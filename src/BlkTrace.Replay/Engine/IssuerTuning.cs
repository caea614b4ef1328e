using System.Runtime.InteropServices;

namespace BlkTrace.Replay.Engine;

/// <summary>
/// Makes the calling (issuing) thread keep time: a 1 ns timer slack, so a timed sleep wakes when asked
/// rather than up to the kernel's default 50 µs later, and a higher scheduling weight (nice −10 where
/// permitted, which needs root or CAP_SYS_NICE), so on a busy 2-core host the backend, the tap writer
/// and other processes take its core less often. Everything is best effort and per thread: the
/// replay thread ends with the run, so nothing needs undoing. Returns what it got, for the diagnostics.
/// </summary>
internal static class IssuerTuning
{
    private const int PrSetTimerSlack = 29;
    private const int PrioProcess = 0;
    private const int SchedFifo = 1;
    private const int ClockMonotonic = 1;
    private const int TimerAbstime = 1;

    /// <summary>The nice value asked for; −20 would starve the backend's thread when both share a core.</summary>
    public const int Nice = -10;

    /// <summary>Spin this close to an issue time; sleep with <see cref="SleepUntil"/> before it.</summary>
    public const long SpinWindowNs = 60_000;

    /// <summary>True once <see cref="Apply(bool)"/> got SCHED_FIFO and found <c>clock_nanosleep</c> on the Stopwatch's clock.</summary>
    [ThreadStatic]
    private static bool _canSleepPrecisely;

    public static bool CanSleepPrecisely => _canSleepPrecisely;

    /// <summary>
    /// Sleeps until <paramref name="timestamp"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp,
    /// which on Linux is CLOCK_MONOTONIC in ns): with a 1 ns slack, it wakes within the scheduler's
    /// wake-up latency instead of on the next millisecond the way a timed wait does.
    /// </summary>
    public static void SleepUntil(long timestamp)
    {
        var ts = new Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
        _ = ClockNanosleep(ClockMonotonic, TimerAbstime, ref ts, IntPtr.Zero);
    }

    /// <summary>As <see cref="Apply()"/>, and with <paramref name="realtime"/> first SCHED_FIFO priority 1 (root or CAP_SYS_NICE).</summary>
    public static string Apply(bool realtime)
    {
        if (!realtime || !OperatingSystem.IsLinux())
        {
            return Apply();
        }

        string rt;
        try
        {
            var param = new SchedParam { Priority = 1 };
            rt = SchedSetScheduler(GetTid(), SchedFifo, ref param) == 0 ? "SCHED_FIFO 1" : $"SCHED_FIFO not permitted (errno {Marshal.GetLastPInvokeError()})";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            rt = "SCHED_FIFO unavailable";
        }

        string rest = Apply();
        if (!rt.StartsWith("SCHED_FIFO 1", StringComparison.Ordinal))
        {
            return rt + ", " + rest;
        }

        // Only a real-time thread wakes from a short sleep in time on a busy host; a CFS one is better off spinning.
        var ts = new Timespec();
        _canSleepPrecisely = System.Diagnostics.Stopwatch.Frequency == 1_000_000_000 && ClockGetTime(ClockMonotonic, ref ts) == 0
            && (ts.Seconds * 1_000_000_000) + ts.Nanoseconds <= System.Diagnostics.Stopwatch.GetTimestamp();
        return rt + ", " + rest + (_canSleepPrecisely ? ", clock_nanosleep until 60 µs before" : ", no precise sleep");
    }

    public static string Apply()
    {
        var got = new List<string>();
        Thread.CurrentThread.Priority = ThreadPriority.Highest;
        if (!OperatingSystem.IsLinux())
        {
            return "thread priority Highest";
        }

        try
        {
            got.Add(Prctl(PrSetTimerSlack, 1, 0, 0, 0) == 0 ? "timer slack 1 ns" : $"timer slack not set (errno {Marshal.GetLastPInvokeError()})");
            int tid = GetTid();
            got.Add(SetPriority(PrioProcess, (uint)tid, Nice) == 0 ? $"nice {Nice}" : $"nice not permitted (errno {Marshal.GetLastPInvokeError()})");
            _canSleepPrecisely = false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            got.Add("libc calls unavailable");
        }

        return string.Join(", ", got);
    }

    // DllImport rather than LibraryImport: the generated stubs need unsafe code, which only Protocol may use.
    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, uint who, int prio);

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SchedSetScheduler(int pid, int policy, ref SchedParam param);

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, ref Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
