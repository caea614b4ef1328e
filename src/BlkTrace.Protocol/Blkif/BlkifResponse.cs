namespace BlkTrace.Protocol.Blkif;

/// <summary>One response, normalised from either ABI.</summary>
/// <param name="Id">The request's <c>id</c>, echoed.</param>
/// <param name="Operation">The operation echoed by the backend (Linux echoes the inner op of INDIRECT: match by id).</param>
/// <param name="Status">The status.</param>
public readonly record struct BlkifResponse(ulong Id, BlkifOperation Operation, BlkifStatus Status);
