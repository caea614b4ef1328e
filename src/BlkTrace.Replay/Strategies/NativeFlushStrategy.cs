using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>native-flush</c>: a flush intent is a 0-segment FLUSH_DISKCACHE sent once every write before it
/// has completed (FLUSH_DISKCACHE covers completed writes only, blkif.h); a durable-ordered write is
/// the write, its completion, then such a flush, and later intents wait for it. Sent whatever the
/// backend advertises: the question is what happens.
/// </summary>
public sealed class NativeFlushStrategy : IReplayStrategy
{
    private BackendFeatures _features = new();

    /// <inheritdoc />
    public string Name => ReplayStrategies.NativeFlush;

    /// <inheritdoc />
    public string Detail => _features.FlushCache ? "FLUSH_DISKCACHE (advertised)" : "FLUSH_DISKCACHE (not advertised: sent anyway)";

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

        if (intent.Kind == IntentKind.Flush)
        {
            plan.Add(RingStep.EmptyFlush(StepGate.AfterEarlierWrites));
            return;
        }

        plan.Add(RingStep.Data(BlkifOperation.Write, intent));
        plan.Add(RingStep.EmptyFlush(StepGate.AfterPrevious));
        plan.HoldLater = true;
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status) => PlainPlans.Default(plan, status);
}
