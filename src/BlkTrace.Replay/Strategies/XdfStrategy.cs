using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>xdf</c>: Solaris xdf (2008). With <c>feature-barrier</c> it probes a 0-segment FLUSH_DISKCACHE
/// at connect; if that succeeds every flush is one, else it falls back to cache-replay: block 156 is
/// read at connect and rewritten as a 1-segment WRITE_BARRIER per flush, the cached copy refreshed by
/// every guest write that covers it. Without <c>feature-barrier</c> it does not flush at all (the
/// flush ioctl fails, whatever <c>feature-flush-cache</c> says: the 2008 driver does not read it).
/// ZFS issues a flush after the writes it covers completed, so flushes wait for earlier writes; a
/// durable-ordered write is the write, then a flush. xdf has no discard.
/// </summary>
public sealed class XdfStrategy(StrategyOptions options) : IReplayStrategy
{
    private Mode _mode;
    private CachedBlock? _block;
    private BlkifStatus _probe;

    /// <summary>An xdf with default options.</summary>
    public XdfStrategy()
        : this(new StrategyOptions())
    {
    }

    private enum Mode
    {
        NoFlush,
        Flush,
        CacheReplay,
    }

    /// <inheritdoc />
    public string Name => ReplayStrategies.Xdf;

    /// <inheritdoc />
    public string Detail => _mode switch
    {
        Mode.Flush => "probe FLUSH_DISKCACHE OKAY: flushes as 0-segment FLUSH_DISKCACHE",
        Mode.CacheReplay => $"probe FLUSH_DISKCACHE {Output.SummaryBuilder.StatusName(_probe)}: cache-replay of block {_block!.Sector}, refresh {(_block.Refresh ? "on" : "OFF")}",
        _ => "no feature-barrier: no flushes (ioctl fails)",
    };

    /// <inheritdoc />
    public CachedBlock? CachedBlock => _block;

    /// <inheritdoc />
    public void Connect(IStrategyHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!host.Features.Barrier)
        {
            _mode = Mode.NoFlush;
            return;
        }

        _probe = host.RunAtConnect(IntentKind.Flush, RingStep.EmptyFlush(), "xdf connect probe: 0-segment FLUSH_DISKCACHE", default);
        if (_probe == BlkifStatus.Okay)
        {
            _mode = Mode.Flush;
            return;
        }

        _mode = Mode.CacheReplay;
        _block = CacheReplayStrategy.LoadBlock(host, options, "xdf");
    }

    /// <inheritdoc />
    public void Plan(in ReplayIntent intent, IntentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        switch (intent.Kind)
        {
            case IntentKind.Read:
                plan.Add(RingStep.Read(intent));
                return;
            case IntentKind.Discard:
                plan.GuestStatus = BlkifStatus.EOpNotSupp;
                plan.Note = "xdf (2008) has no discard";
                return;
            case IntentKind.Flush:
                AddFlush(plan, StepGate.AfterEarlierWrites);
                return;
            default:
                _block?.OnWriteIssued(intent);
                plan.Add(RingStep.Data(BlkifOperation.Write, intent));
                if (intent.Kind == IntentKind.DurableWrite)
                {
                    AddFlush(plan, StepGate.AfterPrevious);
                }

                return;
        }
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status) => PlainPlans.Default(plan, status);

    private void AddFlush(IntentPlan plan, StepGate gate)
    {
        switch (_mode)
        {
            case Mode.Flush:
                plan.Add(RingStep.EmptyFlush(gate));
                break;
            case Mode.CacheReplay:
                // Only a flush intent's log row describes the block it rewrote; a durable-ordered write's row
                // keeps its own range and generation (intents.md), the post-flush rewrite is in the note.
                if (plan.Count == 0)
                {
                    plan.Rewrites(_block!);
                }

                plan.Add(RingStep.CachedBlock(_block!, gate));
                plan.Note = CacheReplayStrategy.RewriteNote(plan.Count == 1 ? "xdf cache-replay" : "write, then xdf cache-replay", _block!);
                break;
            default:
                if (plan.Count == 0)
                {
                    plan.GuestStatus = BlkifStatus.EOpNotSupp;
                    plan.Note = "xdf: no feature-barrier, DKIOCFLUSHWRITECACHE fails";
                }

                break;
        }
    }
}
