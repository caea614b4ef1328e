using System.Globalization;
using BlkTrace.Backend.Stores;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Backend.Profiles;

/// <summary>
/// How one real backend behaves (spec/blkif.md §5), as data: what it advertises, how it answers each
/// kind of request (0-segment cases included), whether it drains or holds around barriers and
/// flushes, what it validates, and what it does on producer overflow. <see cref="BackendProfiles"/>
/// holds the eight rows of the spec; <c>with</c> expressions make variants (a FreeBSD that skips
/// flushes, a Linux with no stall).
/// </summary>
public sealed record BackendProfile
{
    /// <summary>The name used on the command line and in trace metadata.</summary>
    public required string Name { get; init; }

    /// <summary>Which driver this models and where its behaviour comes from.</summary>
    public required string Source { get; init; }

    /// <summary>When <c>feature-barrier</c> is written.</summary>
    public CacheFeatureMode Barrier { get; init; }

    /// <summary>When <c>feature-flush-cache</c> is written.</summary>
    public CacheFeatureMode FlushCache { get; init; }

    /// <summary>Advertises and serves DISCARD when the store supports it; otherwise DISCARD is an unknown op.</summary>
    public bool Discard { get; init; }

    /// <summary><c>feature-max-indirect-segments</c>; 0: INDIRECT is an unknown op.</summary>
    public int MaxIndirectSegments { get; init; }

    /// <summary><c>multi-queue-max-queues</c> (1: single queue, key not written).</summary>
    public int MaxQueues { get; init; } = 1;

    /// <summary><c>max-ring-page-order</c> (0: key not written).</summary>
    public int MaxRingPageOrder { get; init; }

    /// <summary>The ABI assumed when the frontend writes no <c>protocol</c> (modern Linux: x86_32 on x86; older backends: native).</summary>
    public BlkifAbi DefaultAbi { get; init; } = BlkifAbi.X86_64;

    /// <summary>The answer to an unknown operation (RESERVED_1 included).</summary>
    public BlkifStatus UnknownOperationStatus { get; init; } = BlkifStatus.Error;

    /// <summary>The answer to a write, flush, barrier or discard on a read-only disk.</summary>
    public BlkifStatus ReadOnlyStatus { get; init; } = BlkifStatus.Error;

    /// <summary>READ and WRITE with segments.</summary>
    public OpRule ReadWrite { get; init; } = OpRule.Accept(PlanSteps.Data);

    /// <summary>READ and WRITE with 0 segments.</summary>
    public OpRule EmptyReadWrite { get; init; } = OpRule.Refuse(BlkifStatus.Error, RejectionKind.ZeroSegments);

    /// <summary>WRITE_BARRIER with 0 segments.</summary>
    public required OpRule EmptyBarrier { get; init; }

    /// <summary>WRITE_BARRIER with data.</summary>
    public required OpRule DataBarrier { get; init; }

    /// <summary>FLUSH_DISKCACHE with 0 segments.</summary>
    public required OpRule EmptyFlush { get; init; }

    /// <summary>FLUSH_DISKCACHE with segments.</summary>
    public required OpRule DataFlush { get; init; }

    /// <summary>A 0-segment flush is served before the read-only check (QEMU).</summary>
    public bool EmptyFlushIgnoresReadOnly { get; init; }

    /// <summary>Bad <c>first_sect</c>/<c>last_sect</c> are clamped into 0..7 instead of refused (illumos xdb).</summary>
    public bool ClampsSegments { get; init; }

    /// <summary>After refusing a request, the ring thread sleeps ~1 ms (Linux <c>msleep(1)</c>) so a bad guest cannot burn a core.</summary>
    public bool StallsOnBadRequest { get; init; }

    /// <summary>What happens on RING_REQUEST_PROD_OVERFLOW.</summary>
    public OverflowPolicy Overflow { get; init; }

    /// <summary>Completion order of requests served by the ring thread.</summary>
    public CompletionOrder Completion { get; init; }

    /// <summary>True when <c>feature-barrier</c> is advertised over <paramref name="store"/>.</summary>
    public bool AdvertisesBarrier(IBlockStore store) => Advertised(Barrier, store);

    /// <summary>True when <c>feature-flush-cache</c> is advertised over <paramref name="store"/>.</summary>
    public bool AdvertisesFlushCache(IBlockStore store) => Advertised(FlushCache, store);

    /// <summary>True when DISCARD is served over <paramref name="store"/>.</summary>
    public bool ServesDiscard(IBlockStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Discard && store.SupportsDiscard;
    }

    /// <summary>The xenstore feature keys this profile writes before InitWait.</summary>
    /// <param name="store">The disk (cache and discard support decide some keys).</param>
    /// <param name="maxQueues">Queues offered (at most <see cref="MaxQueues"/>).</param>
    /// <param name="maxRingPageOrder">Ring order offered (at most <see cref="MaxRingPageOrder"/>).</param>
    /// <param name="sectorSize">Logical sector size (discard granularity).</param>
    public IReadOnlyList<KeyValuePair<string, string>> Features(IBlockStore store, int maxQueues, int maxRingPageOrder, int sectorSize)
    {
        ArgumentNullException.ThrowIfNull(store);
        var keys = new List<KeyValuePair<string, string>>();
        void Add(string key, long value) => keys.Add(new(key, value.ToString(CultureInfo.InvariantCulture)));
        if (AdvertisesBarrier(store))
        {
            Add(XenStoreNodes.FeatureBarrier, 1);
        }

        if (AdvertisesFlushCache(store))
        {
            Add(XenStoreNodes.FeatureFlushCache, 1);
        }

        if (ServesDiscard(store))
        {
            Add(XenStoreNodes.FeatureDiscard, 1);
            Add(XenStoreNodes.DiscardGranularity, sectorSize);
            Add(XenStoreNodes.DiscardAlignment, 0);
            Add(XenStoreNodes.DiscardSecure, 0);
        }

        if (MaxIndirectSegments > 0)
        {
            Add(XenStoreNodes.FeatureMaxIndirectSegments, MaxIndirectSegments);
        }

        if (maxQueues > 1)
        {
            Add(XenStoreNodes.MultiQueueMaxQueues, maxQueues);
        }

        if (maxRingPageOrder > 0)
        {
            Add(XenStoreNodes.MaxRingPageOrder, maxRingPageOrder);
        }

        return keys;
    }

    /// <summary>
    /// This profile advertising <paramref name="features"/> whatever the store (see
    /// <see cref="AdvertisedCacheFeatures"/>); its answers are unchanged.
    /// </summary>
    public BackendProfile WithAdvertisedCacheFeatures(AdvertisedCacheFeatures features) => features switch
    {
        AdvertisedCacheFeatures.Profile => this,
        AdvertisedCacheFeatures.None => this with { Barrier = CacheFeatureMode.Never, FlushCache = CacheFeatureMode.Never },
        AdvertisedCacheFeatures.Barrier => this with { Barrier = CacheFeatureMode.Always, FlushCache = CacheFeatureMode.Never },
        AdvertisedCacheFeatures.Flush => this with { Barrier = CacheFeatureMode.Never, FlushCache = CacheFeatureMode.Always },
        AdvertisedCacheFeatures.Both => this with { Barrier = CacheFeatureMode.Always, FlushCache = CacheFeatureMode.Always },
        _ => throw new ArgumentOutOfRangeException(nameof(features), features, "unknown cache feature set"),
    };

    /// <inheritdoc />
    public override string ToString() => Name;

    private static bool Advertised(CacheFeatureMode mode, IBlockStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return mode == CacheFeatureMode.Always || (mode == CacheFeatureMode.WhenVolatileCache && store.HasVolatileCache);
    }
}
