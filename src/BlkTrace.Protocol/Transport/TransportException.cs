namespace BlkTrace.Protocol.Transport;

/// <summary>
/// A problem with the environment a peer left us: a missing or half-written vbd directory, a
/// xenstore node holding garbage, a ring header with impossible indices, a peer that never came.
/// The message names the file or node and what is wrong with it, in one line.
/// </summary>
public sealed class TransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TransportException()
    {
    }
}
