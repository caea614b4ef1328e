using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// <c>cache-replay</c>: a flush intent is one extra 1-segment WRITE_BARRIER rewriting a cached
/// 512-byte block (156) with its cached contents; the block is read at connect and refreshed by every
/// guest write that covers it (<see cref="StrategyOptions.CacheRefresh"/>). Durable-ordered writes are
/// WRITE_BARRIERs with their data. It costs one 512-byte write per flush and works wherever a barrier
/// with data does (Linux 2.6.18 included), but with the refresh off it reverts the block.
/// </summary>
public sealed class CacheReplayStrategy(StrategyOptions options) : IReplayStrategy
{
    private BackendFeatures _features = new();
    private CachedBlock? _block;

    /// <summary>A cache-replay with default options.</summary>
    public CacheReplayStrategy()
        : this(new StrategyOptions())
    {
    }

    /// <inheritdoc />
    public string Name => ReplayStrategies.CacheReplay;

    /// <inheritdoc />
    public string Detail => _block is null
        ? "not connected"
        : string.Create(CultureInfo.InvariantCulture, $"1-segment WRITE_BARRIER of cached block {_block.Sector} per flush, refresh {(_block.Refresh ? "on" : "OFF")}");

    /// <inheritdoc />
    public CachedBlock? CachedBlock => _block;

    /// <inheritdoc />
    public void Connect(IStrategyHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _features = host.Features;
        _block = LoadBlock(host, options, "cache-replay");
    }

    /// <inheritdoc />
    public void Plan(in ReplayIntent intent, IntentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var block = _block ?? throw new InvalidOperationException("Connect first");
        if (intent.IsWrite)
        {
            block.OnWriteIssued(intent);
        }

        switch (intent.Kind)
        {
            case IntentKind.Flush:
                plan.Add(RingStep.CachedBlock(block));
                plan.Rewrites(block);
                plan.Note = RewriteNote("cache-replay", block);
                break;
            case IntentKind.DurableWrite:
                plan.Add(RingStep.Data(BlkifOperation.WriteBarrier, intent));
                break;
            default:
                PlainPlans.TryPlan(intent, plan, _features);
                break;
        }
    }

    /// <inheritdoc />
    public bool OnStepCompleted(in ReplayIntent intent, IntentPlan plan, int step, BlkifStatus status) => PlainPlans.Default(plan, status);

    /// <summary>Picks the block and reads it at connect (Solaris xdf reads it when it attaches).</summary>
    internal static CachedBlock LoadBlock(IStrategyHost host, StrategyOptions options, string who)
    {
        var block = CachedBlock.For(host.Disk.Sectors, host.Disk.SectorSize, options.CachedBlockSector, options.CacheRefresh, host.Seed);
        var buffer = new byte[block.Sectors * BlkifConstants.SectorSize];
        var step = new RingStep(BlkifOperation.Read, block.Sector, block.Sectors, StepPayload.None, StepGate.None);
        string note = string.Create(CultureInfo.InvariantCulture, $"{who}: read block {block.Sector} to cache at connect");
        if (host.RunAtConnect(IntentKind.Read, step, note, buffer) == BlkifStatus.Okay)
        {
            block.Load(buffer);
        }

        return block;
    }

    /// <summary>The intent-log note of a flush that rewrote the cached block.</summary>
    internal static string RewriteNote(string who, CachedBlock block) =>
        string.Create(CultureInfo.InvariantCulture, $"{who} of block {block.Sector} (gen {block.Generation}{(block.Refresh ? string.Empty : ", refresh off")})");
}
