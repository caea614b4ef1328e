namespace BlkTrace.Cli;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (an internal error, or a check that did not pass).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an option, a file, a peer.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl-C or SIGTERM.</summary>
    public const int Interrupted = 130;
}
