namespace BlkTrace.Analysis;

/// <summary>Names and groups of <see cref="RingViolationKind"/> for reports.</summary>
public static class RingViolations
{
    private static readonly string[] Names =
        ["barrier-overtaken", "overtook-barrier", "flush-failed", "flush-not-honoured", "response-without-request", "id-reused-in-flight", "ring-overflow"];

    /// <summary>How many kinds there are (array sizes).</summary>
    public const int Count = 7;

    /// <summary>The report name, as in design.md §6.</summary>
    public static string Name(RingViolationKind kind) => (uint)kind < (uint)Names.Length ? Names[(int)kind] : kind.ToString();

    /// <summary>True for the three protocol faults (the rest are ordering and durability findings).</summary>
    public static bool IsProtocolFault(RingViolationKind kind) => kind >= RingViolationKind.ResponseWithoutRequest;
}
