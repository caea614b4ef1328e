using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>linux-blkfront</c>: Linux 6.x xen-blkfront. From the features (<c>blkfront_gather_backend_features</c>):
/// <c>feature-barrier</c> → barrier mode (flush and FUA, both sent as WRITE_BARRIER);
/// <c>feature-flush-cache</c> → flush mode (FLUSH_DISKCACHE, no FUA), and flush wins; neither → no
/// write cache, so the block layer completes flushes itself. An fsync waits for its writeback, so a
/// flush goes on the ring once the writes before it completed. A durable-ordered write is a FUA
/// write: a WRITE_BARRIER with data in barrier mode, the write then a post-flush in flush mode.
/// </summary>
/// <remarks>
/// Failure handling (<c>blkif_interrupt</c>): EOPNOTSUPP on a flush or barrier, or ERROR on an empty
/// one, becomes BLK_STS_NOTSUPP, which is turned into success; any failure clears
/// <c>feature_flush</c> and <c>feature_fua</c>. From then on every flush intent is told success
/// without reaching the ring and FUA is dropped — later fsyncs are silently not durable. The
/// <see cref="LinuxBlkfrontVersion"/> says who swallows them; <see cref="LinuxBlkfrontVersion.ReportErrors"/>
/// reports every failure and keeps flushing.
/// </remarks>
public sealed class LinuxBlkfrontStrategy(StrategyOptions options) : IReplayStrategy
{
    private BackendFeatures _features = new();
    private Mode _mode;
    private long _disabledBy = -1;

    /// <summary>A blkfront with default options (≤ 6.10).</summary>
    public LinuxBlkfrontStrategy()
        : this(new StrategyOptions())
    {
    }

    private enum Mode
    {
        NoCache,
        Barrier,
        Flush,
        Disabled,
    }

    /// <inheritdoc />
    public string Name => ReplayStrategies.LinuxBlkfront;

    /// <summary>True once a failed flush made blkfront stop flushing.</summary>
    public bool FlushingDisabled => _mode == Mode.Disabled;

    /// <inheritdoc />
    public string Detail
    {
        get
        {
            string version = options.Blkfront switch
            {
                LinuxBlkfrontVersion.UpTo610 => "linux <= 6.10",
                LinuxBlkfrontVersion.From611 => "linux >= 6.11",
                _ => "report-errors",
            };
            string mode = _features.FlushCache ? "flush mode (FLUSH_DISKCACHE)" : _features.Barrier ? "barrier mode (WRITE_BARRIER, FUA)" : "no write cache (no barrier or flush-cache feature)";
            return _disabledBy >= 0
                ? $"{version}, {mode}; flushing disabled by intent {_disabledBy}"
                : $"{version}, {mode}";
        }
    }

    /// <inheritdoc />
    public CachedBlock? CachedBlock => null;

    /// <inheritdoc />
    public void Connect(IStrategyHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _features = host.Features;
        _mode = _features.FlushCache ? Mode.Flush : _features.Barrier ? Mode.Barrier : Mode.NoCache;
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
            switch (_mode)
            {
                case Mode.Flush:
                    plan.Add(RingStep.EmptyFlush(StepGate.AfterEarlierWritesAndFlush));
                    break;
                case Mode.Barrier:
                    plan.Add(RingStep.EmptyBarrier(StepGate.AfterEarlierWritesAndFlush));
                    break;
                case Mode.NoCache:
                    plan.Note = "no barrier or flush-cache feature: no write cache, the block layer completes the flush";
                    break;
                default:
                    plan.Note = DisabledNote;
                    break;
            }

            return;
        }

        // A durable-ordered write: REQ_FUA.
        switch (_mode)
        {
            case Mode.Barrier:
                plan.Add(RingStep.Data(BlkifOperation.WriteBarrier, intent));
                break;
            case Mode.Flush:
                plan.Add(RingStep.Data(BlkifOperation.Write, intent));
                plan.Add(RingStep.EmptyFlush(StepGate.AfterPrevious));
                break;
            default:
                plan.Add(RingStep.Data(BlkifOperation.Write, intent));
                if (_mode == Mode.Disabled)
                {
                    plan.Note = "FUA dropped: flushing disabled after ERROR";
                }

                break;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A flush that waited (for its writeback, or behind the one flush the block layer keeps in flight)
    /// while an earlier one failed never reaches the ring: by then the queue has no write cache (≤ 6.10)
    /// or blkfront completes it itself (≥ 6.11).
    /// </remarks>
    public bool OnGateOpened(in ReplayIntent intent, IntentPlan plan, int step)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = plan[step];
        if (_mode != Mode.Disabled || s.Sectors != 0 || s.Operation is not (BlkifOperation.FlushDiskCache or BlkifOperation.WriteBarrier))
        {
            return true;
        }

        plan.GuestStatus = BlkifStatus.Okay;
        plan.Note = intent.Kind == IntentKind.Flush ? DisabledNote : "FUA dropped: flushing disabled after ERROR";
        return false;
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = plan[step];
        if (s.Operation is not (BlkifOperation.FlushDiskCache or BlkifOperation.WriteBarrier) || status == BlkifStatus.Okay)
        {
            return PlainPlans.Default(plan, status);
        }

        if (options.Blkfront == LinuxBlkfrontVersion.ReportErrors)
        {
            plan.GuestStatus = status;
            return false;
        }

        // BLK_STS_NOTSUPP is turned into success; any other failure (ERROR on a barrier with data) is an I/O error.
        bool notSupported = status == BlkifStatus.EOpNotSupp || (status == BlkifStatus.Error && s.Sectors == 0);
        plan.GuestStatus = notSupported ? BlkifStatus.Okay : status;
        if (_mode != Mode.Disabled)
        {
            _mode = Mode.Disabled;
            _disabledBy = intent.Seq;
            plan.Note = $"{s.Describe()} answered {StatusName(status)}: flushing disabled{(notSupported ? ", told success" : string.Empty)}";
        }

        return false;
    }

    private string DisabledNote => options.Blkfront == LinuxBlkfrontVersion.UpTo610
        ? "flush disabled after ERROR (linux <= 6.10): the block layer completes it, told success"
        : "feature_flush cleared after ERROR (linux >= 6.11): blkfront completes it without the ring, told success";

    private static string StatusName(BlkifStatus status) => status switch
    {
        BlkifStatus.Error => "ERROR",
        BlkifStatus.EOpNotSupp => "EOPNOTSUPP",
        _ => status.ToString(),
    };
}
