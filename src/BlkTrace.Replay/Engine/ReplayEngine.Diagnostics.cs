using System.Diagnostics;

namespace BlkTrace.Replay.Engine;

/// <summary>
/// Where late issues come from: what the loop did just before a late issue (slept, yielded, spun,
/// worked), how far timed sleeps overshot, what the thread allocated and how often it was switched
/// out. Counting costs a clock read per loop pass and a compare per issue; nothing allocates.
/// </summary>
internal sealed partial class ReplayEngine
{
    private readonly long _lateTicks = Stopwatch.Frequency / 20_000; // 50 µs, the design target
    private IdleKind _lastIdle;
    private long _late;
    private long _lateAfterSleep;
    private long _lateAfterYield;
    private long _lateAfterSpin;
    private long _lateAfterWork;
    private long _sleeps;
    private long _oversleeps;
    private long _maxOversleepTicks;
    private long _longestWorkTicks;
    private long _allocatedBytes;
    private (long Voluntary, long Involuntary) _switches = (-1, -1);
    private string _tuning = "none";

    private enum IdleKind : byte
    {
        Work,
        Sleep,
        Yield,
        Spin,
    }

    /// <summary>Why issues were late in this run (valid after <see cref="Run"/>).</summary>
    public IssueDiagnostics Diagnostics => new(
        _lateTicks * 1e6 / Stopwatch.Frequency,
        _late,
        _lateAfterSleep,
        _lateAfterYield,
        _lateAfterSpin,
        _lateAfterWork,
        _sleeps,
        _oversleeps,
        _maxOversleepTicks * 1e6 / Stopwatch.Frequency,
        _longestWorkTicks * 1e6 / Stopwatch.Frequency,
        _allocatedBytes,
        _switches.Voluntary,
        _switches.Involuntary,
        _tuning);

    private void CountIssue(long intended, long now)
    {
        if (intended <= 1 || now - intended <= _lateTicks)
        {
            return;
        }

        _late++;
        switch (_lastIdle)
        {
            case IdleKind.Sleep: _lateAfterSleep++; break;
            case IdleKind.Yield: _lateAfterYield++; break;
            case IdleKind.Spin: _lateAfterSpin++; break;
            default: _lateAfterWork++; break;
        }
    }

    private void CountSleep(long deadline)
    {
        long woke = Stopwatch.GetTimestamp();
        _sleeps++;
        if (woke > deadline)
        {
            _oversleeps++;
            _maxOversleepTicks = Math.Max(_maxOversleepTicks, woke - deadline);
        }
    }
}
