namespace BlkTrace.Replay;

/// <summary>
/// One strategy × profile pair of a matrix, as <c>matrix.json</c> lists it: the headline figures of its
/// replay (its own <c>summary.json</c> has everything).
/// </summary>
/// <param name="Strategy">Strategy.</param>
/// <param name="Profile">Backend profile.</param>
/// <param name="Directory">Its replay directory, relative to the matrix directory.</param>
/// <param name="StrategyDetail">What the strategy decided.</param>
/// <param name="Iops">Intents per second.</param>
/// <param name="LatencyP99Us">p99 guest-visible latency, µs.</param>
/// <param name="Flushes">Flush intents.</param>
/// <param name="FlushesToldOkay">Flush intents told OKAY.</param>
/// <param name="FlushesToldError">Flush intents told ERROR.</param>
/// <param name="FlushesToldNotSupported">Flush intents told EOPNOTSUPP.</param>
/// <param name="FlushesOkayWithoutRingOkay">Flush intents told OKAY without an OKAY from the ring (nothing sent, or a failure hidden).</param>
/// <param name="FlushBecame">The most frequent fate: what flushes became → ring status → guest status.</param>
/// <param name="DurableWritesToldError">Durable-ordered writes told ERROR.</param>
/// <param name="ExtraBytesWritten">Bytes the strategy wrote on its own account.</param>
/// <param name="GuestErrors">Intents told ERROR.</param>
/// <param name="VerificationFailures">Sectors a read found wrong.</param>
/// <param name="Abandoned">Why it stopped early, or null.</param>
public sealed record MatrixCell(
    string Strategy,
    string Profile,
    string Directory,
    string StrategyDetail,
    double Iops,
    double LatencyP99Us,
    long Flushes,
    long FlushesToldOkay,
    long FlushesToldError,
    long FlushesToldNotSupported,
    long FlushesOkayWithoutRingOkay,
    string FlushBecame,
    long DurableWritesToldError,
    long ExtraBytesWritten,
    long GuestErrors,
    long VerificationFailures,
    string? Abandoned)
{
    /// <summary>Where the time budget cut this pair's replay short (<c>summary.json</c>'s <c>truncated.reason</c>), or null.</summary>
    public string? Truncated { get; init; }
}
