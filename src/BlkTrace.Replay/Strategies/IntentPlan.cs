using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Replay.Strategies;

/// <summary>
/// What a strategy makes of one intent: up to <see cref="MaxSteps"/> ring steps, what the guest will
/// be told, and a note. A plan with no steps completes at once with <see cref="GuestStatus"/> (a flush
/// that write-through needs nothing for, one a disabled Linux blkfront swallows). The replayer owns
/// and reuses plans; a strategy only fills them.
/// </summary>
public sealed class IntentPlan
{
    /// <summary>The most steps a plan holds.</summary>
    public const int MaxSteps = 4;

    private readonly RingStep[] _steps = new RingStep[MaxSteps];

    /// <summary>Steps planned.</summary>
    public int Count { get; private set; }

    /// <summary>Step <paramref name="index"/>.</summary>
    public RingStep this[int index] => (uint)index < (uint)Count ? _steps[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>What the guest is told when the intent finishes (strategies set it from step statuses).</summary>
    public BlkifStatus GuestStatus { get; set; }

    /// <summary>A short note for the intent log, or null.</summary>
    public string? Note { get; set; }

    /// <summary>Later intents wait until this one completed (a durable-ordered write emulated as write, then flush).</summary>
    public bool HoldLater { get; set; }

    /// <summary>True when a flush was turned into a rewrite of a cached block (<see cref="RewrittenSector"/> etc. are set).</summary>
    public bool RewroteBlock { get; private set; }

    /// <summary>The rewritten block's first sector.</summary>
    public ulong RewrittenSector { get; private set; }

    /// <summary>The rewritten block's length.</summary>
    public int RewrittenSectors { get; private set; }

    /// <summary>The generation of the cached copy it rewrote (stale when the copy was not refreshed).</summary>
    public long RewrittenGeneration { get; private set; }

    /// <summary>Appends a step.</summary>
    public void Add(RingStep step)
    {
        if (Count == MaxSteps)
        {
            throw new InvalidOperationException($"a plan holds at most {MaxSteps} steps");
        }

        _steps[Count++] = step;
    }

    /// <summary>Records that this plan rewrites <paramref name="block"/> as it is cached now.</summary>
    public void Rewrites(CachedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        RewroteBlock = true;
        RewrittenSector = block.Sector;
        RewrittenSectors = block.Sectors;
        RewrittenGeneration = block.Generation;
    }

    /// <summary>Empties the plan for the next intent.</summary>
    public void Reset()
    {
        Count = 0;
        GuestStatus = BlkifStatus.Okay;
        Note = null;
        HoldLater = false;
        RewroteBlock = false;
        RewrittenSector = 0;
        RewrittenSectors = 0;
        RewrittenGeneration = 0;
    }
}
