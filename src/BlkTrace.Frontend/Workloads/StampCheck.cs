namespace BlkTrace.Frontend.Workloads;

/// <summary>What a sector read back holds, judged by <see cref="DataStamp.Check"/>.</summary>
public enum StampCheck
{
    /// <summary>A whole, correct stamp for this sector and seed.</summary>
    Ok,

    /// <summary>All zeros (never written).</summary>
    Zero,

    /// <summary>Not zeros and no stamp magic.</summary>
    NotStamped,

    /// <summary>A stamp of another sector (a misplaced write).</summary>
    WrongSector,

    /// <summary>A stamp of another workload run.</summary>
    WrongSeed,

    /// <summary>The header is right but the filler is not (a torn or corrupted sector).</summary>
    Torn,
}
