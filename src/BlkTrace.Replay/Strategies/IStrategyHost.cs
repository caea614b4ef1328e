using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Handshake;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Strategies;

/// <summary>What a strategy may see and do when the frontend connects, before the workload starts.</summary>
public interface IStrategyHost
{
    /// <summary>What the backend advertised.</summary>
    BackendFeatures Features { get; }

    /// <summary>The disk the backend published.</summary>
    DiskGeometry Disk { get; }

    /// <summary>The replay seed stamped into data.</summary>
    ulong Seed { get; }

    /// <summary>
    /// Sends one request now and waits for its answer (a connect-time probe, the read of a cached
    /// block). It is recorded as an intent of <paramref name="kind"/> with <paramref name="note"/>, so every
    /// ring request of the replay maps to an intent. A READ copies the data into <paramref name="readInto"/>.
    /// </summary>
    BlkifStatus RunAtConnect(IntentKind kind, RingStep step, string note, Span<byte> readInto);
}
