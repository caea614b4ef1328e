namespace BlkTrace.Cli;

/// <summary>A command was given options that make no sense together; the message says which.</summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliUsageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
