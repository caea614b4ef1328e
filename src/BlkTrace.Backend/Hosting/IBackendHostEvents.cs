namespace BlkTrace.Backend.Hosting;

/// <summary>
/// Where <see cref="BackendHost"/> reports while it serves. Libraries never print: the CLI and the
/// dom0 binary turn these into lines on stdout/stderr, a test collects them. Called from the
/// host's own thread and from the tap's writer thread (warnings), never from a ring thread.
/// </summary>
public interface IBackendHostEvents
{
    /// <summary>A one-line progress message ("serving ...", "frontend connected ...", a status line).</summary>
    void Info(string message);

    /// <summary>A multi-line block printed as it is (the exit summary).</summary>
    void Report(string text);

    /// <summary>A one-line warning: the capture dropped events, a write failed under drop backpressure.</summary>
    void Warning(string message);
}
