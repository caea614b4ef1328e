using BlkTrace.Protocol.XenStore;

namespace BlkTrace.Protocol.Handshake;

/// <summary>The features a backend advertises under its xenstore directory, typed, plus every node as read.</summary>
public sealed record BackendFeatures
{
    /// <summary><c>feature-barrier</c>.</summary>
    public bool Barrier { get; init; }

    /// <summary><c>feature-flush-cache</c>.</summary>
    public bool FlushCache { get; init; }

    /// <summary><c>feature-discard</c>.</summary>
    public bool Discard { get; init; }

    /// <summary><c>feature-persistent</c>.</summary>
    public bool Persistent { get; init; }

    /// <summary><c>feature-max-indirect-segments</c> (0: no INDIRECT).</summary>
    public uint MaxIndirectSegments { get; init; }

    /// <summary><c>multi-queue-max-queues</c> (1 when absent).</summary>
    public uint MaxQueues { get; init; } = 1;

    /// <summary><c>max-ring-page-order</c> (0 when absent).</summary>
    public uint MaxRingPageOrder { get; init; }

    /// <summary><c>discard-granularity</c> in bytes.</summary>
    public uint DiscardGranularity { get; init; }

    /// <summary><c>discard-alignment</c> in bytes.</summary>
    public uint DiscardAlignment { get; init; }

    /// <summary><c>discard-secure</c>.</summary>
    public bool DiscardSecure { get; init; }

    /// <summary>Every node of the backend's directory at the time it was read.</summary>
    public IReadOnlyDictionary<string, string> Nodes { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the features from <c>backend/</c>; malformed values are errors naming the node.</summary>
    public static BackendFeatures Read(IXenStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        string B(string node) => XenStorePath.Of(XenStoreSide.Backend, node);
        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in store.List("backend"))
        {
            if (store.Read(B(name)) is { } v)
            {
                nodes[name] = v;
            }
        }

        return new BackendFeatures
        {
            Barrier = XenStoreValues.ReadFlag(store, B(XenStoreNodes.FeatureBarrier)),
            FlushCache = XenStoreValues.ReadFlag(store, B(XenStoreNodes.FeatureFlushCache)),
            Discard = XenStoreValues.ReadFlag(store, B(XenStoreNodes.FeatureDiscard)),
            Persistent = XenStoreValues.ReadFlag(store, B(XenStoreNodes.FeaturePersistent)),
            MaxIndirectSegments = XenStoreValues.ReadUInt32(store, B(XenStoreNodes.FeatureMaxIndirectSegments)) ?? 0,
            MaxQueues = Math.Max(1u, XenStoreValues.ReadUInt32(store, B(XenStoreNodes.MultiQueueMaxQueues)) ?? 1),
            MaxRingPageOrder = XenStoreValues.ReadUInt32(store, B(XenStoreNodes.MaxRingPageOrder)) ?? 0,
            DiscardGranularity = XenStoreValues.ReadUInt32(store, B(XenStoreNodes.DiscardGranularity)) ?? 0,
            DiscardAlignment = XenStoreValues.ReadUInt32(store, B(XenStoreNodes.DiscardAlignment)) ?? 0,
            DiscardSecure = XenStoreValues.ReadFlag(store, B(XenStoreNodes.DiscardSecure)),
            Nodes = nodes,
        };
    }
}
