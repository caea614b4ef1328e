using System.Runtime.InteropServices;

namespace BlkTrace.Cli;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancellation so a long-running command (a backend, a
/// workload) can stop cleanly: xenstore state Closing/Closed written, files closed, summary printed.
/// Without it the runtime's default is to end the process on the spot.
/// </summary>
public sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>Listens for SIGINT and SIGTERM until disposed; <paramref name="outer"/> cancels too.</summary>
    public TerminationSignals(CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _cts.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _cts.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: the command winds down on its own once the token is cancelled.
        context.Cancel = true;
        _cts.Cancel();
    }
}
