using BlkTrace.Backend.Profiles;
using BlkTrace.Backend.Service;
using BlkTrace.Backend.Stores;
using BlkTrace.Frontend.Conformance;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Replay.Conformance;

/// <summary>
/// The conformance suite against a simulated profile: our backend with <paramref name="profile"/> over
/// a memory store, in this process, reached through the full handshake exactly as a real backend is
/// reached from a guest. Its report sits beside the real blkback's and qdisk's in one table.
/// </summary>
public static class ProfileConformance
{
    /// <summary>Runs the suite against <paramref name="profile"/> on a disk of <paramref name="sectors"/> 512-byte sectors.</summary>
    public static ConformanceReport Run(BackendProfile profile, ulong sectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var store = new MemoryBlockStore(sectors);
        using var vbd = new InProcessVbd();
        var backend = new BlkifBackend(vbd.Backend, store, new BackendOptions { Profile = profile, StallOnBadRequest = false });
        backend.Announce();
        BackendSession? session = null;
        Exception? failure = null;
        var accept = new Thread(() =>
        {
            try
            {
                session = backend.Accept(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "blkt-conformance-accept" };
        accept.Start();
        try
        {
            return ConformanceReport.Run(profile.Name, vbd.Frontend, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), cancellationToken);
        }
        finally
        {
            accept.Join();
            session?.Dispose();
            if (failure is not null)
            {
                throw new InvalidOperationException("in-process backend: " + failure.Message, failure);
            }
        }
    }
}
