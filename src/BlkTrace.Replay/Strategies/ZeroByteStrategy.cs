using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>zero-byte</c>: a flush intent is a 0-segment WRITE_BARRIER, put on the ring at once (the barrier
/// is a two-sided fence: ordering is the backend's job); a durable-ordered write is a WRITE_BARRIER
/// with its data. Mini-OS and blkfront in barrier mode flush like this; Linux 2.6.18 blkback answers ERROR.
/// </summary>
public sealed class ZeroByteStrategy : IReplayStrategy
{
    private BackendFeatures _features = new();

    /// <inheritdoc />
    public string Name => ReplayStrategies.ZeroByte;

    /// <inheritdoc />
    public string Detail => _features.Barrier ? "0-segment WRITE_BARRIER (advertised)" : "0-segment WRITE_BARRIER (not advertised: sent anyway)";

    /// <inheritdoc />
    public CachedBlock? CachedBlock => null;

    /// <inheritdoc />
    public void Connect(IStrategyHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _features = host.Features;
    }

    /// <inheritdoc />
    public void Plan(in ReplayIntent intent, IntentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (PlainPlans.TryPlan(intent, plan, _features))
        {
            return;
        }

        plan.Add(intent.Kind == IntentKind.Flush ? RingStep.EmptyBarrier() : RingStep.Data(BlkifOperation.WriteBarrier, intent));
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status) => PlainPlans.Default(plan, status);
}
