namespace BlkTrace.Protocol.Diagnostics;

/// <summary>
/// How a ring loop waits while it polls before sleeping: re-check at once for a while (a response
/// is usually a few hundred nanoseconds away), then pause between checks so a sibling hyperthread
/// gets the core. Each pause instruction costs up to ~140 cycles, so pausing from the first idle
/// iteration would add microseconds of latency to every batch.
/// </summary>
public static class SpinPolicy
{
    /// <summary>Idle iterations polled without pausing.</summary>
    public const int BusyIterations = 2_000;

    /// <summary>Waits a little, according to how long the loop has been idle.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Idle(int idleIterations)
    {
        if (idleIterations > BusyIterations)
        {
            Thread.SpinWait(1);
        }
    }
}
