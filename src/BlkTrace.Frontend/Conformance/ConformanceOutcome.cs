using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Frontend.Conformance;

/// <summary>What one backend answered to one <see cref="ConformanceCase"/>.</summary>
/// <param name="Case">The row name.</param>
/// <param name="Status">The response's status, or null when none came (timeout, or the ring was given up).</param>
/// <param name="Note">Why there is no status, or what else was seen (an unexpected response operation).</param>
public readonly record struct ConformanceOutcome(string Case, BlkifStatus? Status, string? Note)
{
    /// <summary>The table cell: <c>O</c> OKAY, <c>E</c> ERROR, <c>N</c> EOPNOTSUPP, the raw number for others, <c>-</c> for none.</summary>
    public string Cell => Status switch
    {
        null => "-",
        BlkifStatus.Okay => "O",
        BlkifStatus.Error => "E",
        BlkifStatus.EOpNotSupp => "N",
        { } s => ((short)s).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
