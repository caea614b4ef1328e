using BlkTrace.Backend.Service;

namespace BlkTrace.Backend.Hosting;

/// <summary>How a <see cref="BackendHost.Run"/> ended.</summary>
/// <param name="Connections">Frontends served.</param>
/// <param name="Statistics">Counters over every ring of every connection.</param>
/// <param name="TraceFailure">
/// Why the capture stopped the backend (a segment could not be written under block backpressure),
/// or null. Sealed segments are intact either way; the caller reports it and fails.
/// </param>
public sealed record BackendHostResult(int Connections, BackendStatistics Statistics, Exception? TraceFailure);
