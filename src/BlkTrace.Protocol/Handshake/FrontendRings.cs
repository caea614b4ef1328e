using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Protocol.Handshake;

/// <summary>What the frontend publishes before going Initialised.</summary>
/// <param name="Abi">The ABI named by <c>protocol</c> (or the backend's default when it is absent).</param>
/// <param name="ProtocolGiven">False when the frontend wrote no <c>protocol</c> node.</param>
/// <param name="RingPageOrder"><c>ring-page-order</c> (0 when absent).</param>
/// <param name="Queues">One entry per ring.</param>
public sealed record FrontendRings(BlkifAbi Abi, bool ProtocolGiven, int RingPageOrder, IReadOnlyList<FrontendQueue> Queues);
