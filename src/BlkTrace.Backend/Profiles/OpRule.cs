using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Backend.Profiles;

/// <summary>How a profile treats one kind of request: accept it with these steps, or answer this status.</summary>
/// <param name="Accepted">True when the request is served.</param>
/// <param name="Steps">What serving it takes.</param>
/// <param name="Status">The answer when refused.</param>
/// <param name="Kind">Which counter a refusal goes to.</param>
public readonly record struct OpRule(bool Accepted, PlanSteps Steps, BlkifStatus Status, RejectionKind Kind)
{
    /// <summary>Serve with <paramref name="steps"/>.</summary>
    public static OpRule Accept(PlanSteps steps) => new(true, steps, BlkifStatus.Okay, default);

    /// <summary>Refuse with <paramref name="status"/>, counted as <paramref name="kind"/>.</summary>
    public static OpRule Refuse(BlkifStatus status, RejectionKind kind) => new(false, PlanSteps.None, status, kind);
}
