namespace BlkTrace.Protocol.Handshake;

/// <summary>One ring the frontend set up: its ring pages and event channel.</summary>
/// <param name="Index">Queue index (0 for a single-queue device).</param>
/// <param name="RingRefs">Grant references of the ring pages, in order (<c>ring-ref</c> or <c>ring-ref0..N</c>).</param>
/// <param name="EventChannel">The <c>event-channel</c> port, written for fidelity.</param>
public sealed record FrontendQueue(int Index, IReadOnlyList<uint> RingRefs, uint EventChannel);
