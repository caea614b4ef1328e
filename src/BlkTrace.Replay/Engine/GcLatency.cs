using System.Runtime;

namespace BlkTrace.Replay.Engine;

/// <summary>
/// <see cref="GCLatencyMode.SustainedLowLatency"/> while at least one timed replay runs (it is process
/// wide, and tests run replays side by side): the first to enter saves the mode, the last to leave restores it.
/// </summary>
internal static class GcLatency
{
    private static readonly Lock Gate = new();
    private static int _users;
    private static GCLatencyMode _saved;

    public static void Enter()
    {
        lock (Gate)
        {
            if (_users++ == 0)
            {
                _saved = GCSettings.LatencyMode;
                GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
            }
        }
    }

    public static void Leave()
    {
        lock (Gate)
        {
            if (--_users == 0)
            {
                GCSettings.LatencyMode = _saved;
            }
        }
    }
}
