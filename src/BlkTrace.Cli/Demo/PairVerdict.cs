using BlkTrace.Analysis.Compare;
using BlkTrace.Replay;

namespace BlkTrace.Cli.Demo;

/// <summary>
/// What one strategy × profile pair comes to, worst first: acknowledged data lost at a crash,
/// flushes failing back to the guest, flushes acknowledged with nothing reaching the ring, or fine.
/// </summary>
public enum PairVerdict
{
    /// <summary>No loss, no error, every flush answered by the ring.</summary>
    Safe,

    /// <summary>Flush intents told OKAY without an OKAY from the ring, but no crash state lost data.</summary>
    Unbacked,

    /// <summary>The guest was told ERROR or EOPNOTSUPP (loud: it knows).</summary>
    Errors,

    /// <summary>Some crash state lost or reverted data the guest was told was durable (silent).</summary>
    LosesData,
}

/// <summary>Derives a <see cref="PairVerdict"/> from the replay's matrix cell and its comparison row.</summary>
public static class PairVerdicts
{
    /// <summary>The verdict of one pair.</summary>
    public static PairVerdict Of(MatrixCell cell, ComparisonRow? row)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (row?.DurabilityViolations is > 0)
        {
            return PairVerdict.LosesData;
        }

        if (cell.GuestErrors > 0 || cell.FlushesToldError > 0 || cell.FlushesToldNotSupported > 0)
        {
            return PairVerdict.Errors;
        }

        return cell.FlushesOkayWithoutRingOkay > 0 && cell.Strategy != "write-through" ? PairVerdict.Unbacked : PairVerdict.Safe;
    }

    /// <summary>The short word a verdict grid shows.</summary>
    public static string Word(PairVerdict verdict) => verdict switch
    {
        PairVerdict.LosesData => "**LOSES DATA**",
        PairVerdict.Errors => "errors",
        PairVerdict.Unbacked => "unbacked OK",
        _ => "safe",
    };
}
