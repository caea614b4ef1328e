using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>auto</c>: the best safe choice from what the backend advertises.
/// <list type="table">
/// <listheader><term>advertised</term><description>choice</description></listheader>
/// <item><term><c>feature-flush-cache</c> (with or without barrier)</term><description><c>native-flush</c>: the op made for it, no data cost, covers exactly the completed writes.</description></item>
/// <item><term><c>feature-barrier</c> only</term><description>probe a 0-segment WRITE_BARRIER at connect: OKAY → <c>zero-byte</c>; anything else → <c>cache-replay</c> with refresh (a barrier with data works where the empty one does not, as on Linux 2.6.18).</description></item>
/// <item><term>neither</term><description>no flush on the ring: the backend declares no volatile write cache (Linux advertises both exactly when there is one), so a flush completes at once, OKAY; durable-ordered writes are plain writes.</description></item>
/// </list>
/// </summary>
public sealed class AutoStrategy(StrategyOptions options) : IReplayStrategy
{
    private IReplayStrategy? _inner;
    private string _why = "not connected";
    private BackendFeatures _features = new();

    /// <summary>An auto with default options.</summary>
    public AutoStrategy()
        : this(new StrategyOptions())
    {
    }

    /// <inheritdoc />
    public string Name => ReplayStrategies.Auto;

    /// <summary>The strategy it chose (null: no flushes needed).</summary>
    public IReplayStrategy? Chosen => _inner;

    /// <inheritdoc />
    public string Detail => _inner is null ? _why : $"{_why} → {_inner.Name}: {_inner.Detail}";

    /// <inheritdoc />
    public CachedBlock? CachedBlock => _inner?.CachedBlock;

    /// <inheritdoc />
    public void Connect(IStrategyHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _features = host.Features;
        if (_features.FlushCache)
        {
            _why = "feature-flush-cache";
            _inner = new NativeFlushStrategy();
        }
        else if (_features.Barrier)
        {
            var probe = host.RunAtConnect(IntentKind.Flush, RingStep.EmptyBarrier(), "auto connect probe: 0-segment WRITE_BARRIER", default);
            _why = $"feature-barrier only, empty-barrier probe {Output.SummaryBuilder.StatusName(probe)}";
            _inner = probe == BlkifStatus.Okay ? new ZeroByteStrategy() : new CacheReplayStrategy(options with { CacheRefresh = true });
        }
        else
        {
            _why = "no barrier or flush-cache feature: no volatile write cache, flushes complete at once";
            _inner = null;
        }

        _inner?.Connect(host);
    }

    /// <inheritdoc />
    public void Plan(in ReplayIntent intent, IntentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_inner is not null)
        {
            _inner.Plan(intent, plan);
            return;
        }

        if (PlainPlans.TryPlan(intent, plan, _features))
        {
            return;
        }

        if (intent.Kind == IntentKind.DurableWrite)
        {
            plan.Add(RingStep.Data(BlkifOperation.Write, intent));
        }
        else
        {
            plan.Note = "auto: no write cache advertised, nothing to flush";
        }
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status) =>
        _inner?.OnStepCompleted(intent, plan, step, status) ?? PlainPlans.Default(plan, status);
}
