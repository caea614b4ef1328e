using BlkTrace.Protocol.Transport;

namespace BlkTrace.Cli;

/// <summary>Which exceptions are the user's input going wrong, and how to say so in one line.</summary>
public static class CliErrors
{
    /// <summary>True for errors caused by input: files, options, peers.</summary>
    public static bool IsBadInput(Exception e) => e is TransportException
        or InvalidDataException
        or IOException
        or UnauthorizedAccessException
        or CliUsageException
        or ArgumentException
        or FormatException;

    /// <summary>Collapses a message to one line.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string flat = message.ReplaceLineEndings(" ").Trim();
        return flat.Length > 400 ? flat[..400] + "…" : flat;
    }
}
