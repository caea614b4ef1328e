namespace BlkTrace.Replay.Output;

/// <summary>Self-verifying data: every read checked against the generation it must see.</summary>
/// <param name="Enabled">True when reads were checked.</param>
/// <param name="Why">Why not, when off.</param>
/// <param name="ReadsChecked">Read requests answered OKAY and checked.</param>
/// <param name="SectorsChecked">Sectors checked.</param>
/// <param name="Failures">Total failing sectors.</param>
/// <param name="ByKind">Failing sectors by kind (<c>reverted</c>, <c>phantom</c>, <c>wrong_sector</c>, <c>wrong_seed</c>, <c>torn</c>, <c>garbage</c>).</param>
/// <param name="Examples">The first failures, one line each.</param>
public sealed record VerificationSummary(bool Enabled, string? Why, long ReadsChecked, long SectorsChecked, long Failures, IReadOnlyDictionary<string, long> ByKind, IReadOnlyList<string> Examples);
