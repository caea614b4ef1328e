using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Frontend;

/// <summary>What a frontend asks for when it connects.</summary>
public sealed class FrontendOptions
{
    /// <summary>Queues wanted (the backend's <c>multi-queue-max-queues</c> caps it).</summary>
    public int Queues { get; init; } = 1;

    /// <summary><c>ring-page-order</c> wanted (the backend's <c>max-ring-page-order</c> caps it).</summary>
    public int RingPageOrder { get; init; }

    /// <summary>The request layout.</summary>
    public BlkifAbi Abi { get; init; } = BlkifAbi.X86_64;

    /// <summary>Write the <c>protocol</c> node (false tests a backend's default ABI).</summary>
    public bool WriteProtocol { get; init; } = true;

    /// <summary>Data and descriptor pages granted per queue (0: RING_SIZE × 11, at most 4096, at least 64).</summary>
    public int DataPagesPerQueue { get; init; }

    /// <summary>How long to wait for each handshake step.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle polls before sleeping on the event channel while waiting for responses.</summary>
    public int SpinIterations { get; init; } = 20_000;
}
