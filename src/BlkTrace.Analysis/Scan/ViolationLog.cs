namespace BlkTrace.Analysis.Scan;

/// <summary>Counts every violation and keeps the first few of each kind as examples.</summary>
internal sealed class ViolationLog(int maxExamples)
{
    private readonly long[] _counts = new long[RingViolations.Count];
    private readonly List<RingViolation>[] _examples = [.. Enumerable.Range(0, RingViolations.Count).Select(_ => new List<RingViolation>())];

    /// <summary>Counts one; true when the caller should build an example (so the hot path builds none once the cap is reached).</summary>
    public bool Count(RingViolationKind kind)
    {
        _counts[(int)kind]++;
        return _examples[(int)kind].Count < maxExamples;
    }

    public void Example(RingViolation violation) => _examples[(int)violation.Kind].Add(violation);

    public IReadOnlyList<ViolationSummary> Summaries() =>
        [.. Enum.GetValues<RingViolationKind>().Select(k => new ViolationSummary(k, _counts[(int)k], _examples[(int)k].ToArray()))];
}
