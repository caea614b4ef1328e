using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>write-through</c>: every write goes on the ring as a WRITE_BARRIER with its data, so there is
/// never anything left to flush: a flush intent sends nothing and completes at once, OKAY.
/// </summary>
public sealed class WriteThroughStrategy : IReplayStrategy
{
    /// <summary>The note on a flush intent that sends nothing.</summary>
    public const string FlushNote = "write-through: every write was a barrier, nothing to flush";

    private BackendFeatures _features = new();

    /// <inheritdoc />
    public string Name => ReplayStrategies.WriteThrough;

    /// <inheritdoc />
    public string Detail => "every write as WRITE_BARRIER with data; flushes send nothing";

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
        switch (intent.Kind)
        {
            case IntentKind.Write or IntentKind.DurableWrite:
                plan.Add(RingStep.Data(BlkifOperation.WriteBarrier, intent));
                break;
            case IntentKind.Flush:
                plan.Note = FlushNote;
                break;
            default:
                PlainPlans.TryPlan(intent, plan, _features);
                break;
        }
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status) => PlainPlans.Default(plan, status);
}
