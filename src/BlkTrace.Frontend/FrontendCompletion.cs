using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Frontend;

/// <summary>A response matched to the request it answers.</summary>
/// <param name="Tag">The caller's tag given at submit.</param>
/// <param name="Id">The ring id the driver gave the request.</param>
/// <param name="Operation">The operation byte echoed by the backend (Linux echoes INDIRECT's inner op).</param>
/// <param name="Status">The status.</param>
/// <param name="SubmittedTimestamp"><see cref="System.Diagnostics.Stopwatch"/> timestamp at submit.</param>
/// <param name="CompletedTimestamp"><see cref="System.Diagnostics.Stopwatch"/> timestamp when the response was read.</param>
public readonly record struct FrontendCompletion(ulong Tag, ulong Id, BlkifOperation Operation, BlkifStatus Status, long SubmittedTimestamp, long CompletedTimestamp);
