using BlkTrace.Protocol.Handshake;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Frontend.Conformance;

/// <summary>One backend's answers to the suite, with what it advertised and the disk it published.</summary>
/// <param name="Target">Which backend (a profile name, "blkback", "qdisk", ...).</param>
/// <param name="Features">What the backend advertised before the frontend connected.</param>
/// <param name="Disk">The disk it published at Connected.</param>
/// <param name="Outcomes">One per case, in suite order.</param>
public sealed record ConformanceReport(string Target, BackendFeatures Features, DiskGeometry Disk, IReadOnlyList<ConformanceOutcome> Outcomes)
{
    /// <summary>
    /// Connects a frontend over <paramref name="transport"/> (one queue, a one-page ring, no persistent
    /// grants asked for), runs the suite and closes the device. The caller owns the transport.
    /// </summary>
    public static ConformanceReport Run(string target, IFrontendTransport transport, TimeSpan perCaseTimeout, TimeSpan handshakeTimeout, CancellationToken cancellationToken) =>
        Run(target, transport, perCaseTimeout, handshakeTimeout, null, cancellationToken);

    /// <summary>As above, sending only the cases named in <paramref name="only"/> (all when null).</summary>
    public static ConformanceReport Run(string target, IFrontendTransport transport, TimeSpan perCaseTimeout, TimeSpan handshakeTimeout, IReadOnlyCollection<string>? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _ = ConformanceSuite.Select(only);
        using var driver = FrontendDriver.Connect(transport, new FrontendOptions { Queues = 1, RingPageOrder = 0, DataPagesPerQueue = 64, HandshakeTimeout = handshakeTimeout, SpinIterations = 2000 }, cancellationToken);
        var outcomes = ConformanceSuite.Run(driver.Queues[0], driver.Disk, perCaseTimeout, only, cancellationToken);
        driver.Close();
        return new ConformanceReport(target, driver.Features, driver.Disk, outcomes);
    }
}
