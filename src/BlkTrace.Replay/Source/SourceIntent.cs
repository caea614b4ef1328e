using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Replay.Source;

/// <summary>
/// One intent lifted from a captured trace: what the guest asked for, when, and how the source
/// backend answered. Times are ns on the source trace's clock.
/// </summary>
/// <param name="Kind">What the guest wanted.</param>
/// <param name="Sector">First 512-byte sector (0 for a flush).</param>
/// <param name="Sectors">Length in 512-byte sectors (0 for a flush).</param>
/// <param name="IssueNs">The source request row's ts_ns.</param>
/// <param name="DoneNs">The source response row's ts_ns, or -1 when it was never answered.</param>
/// <param name="Status">The source response status, or null.</param>
/// <param name="SourceSeq">The source request row's seq.</param>
/// <param name="Origin">Which lifting rule produced it.</param>
/// <param name="CompletedBefore">How many source intents had completed when this one was issued (closed-loop dependencies: the first that many of <see cref="SourceWorkload.CompletionOrder"/>).</param>
/// <param name="InFlightAtIssue">Source requests outstanding when this one was issued (fidelity).</param>
public readonly record struct SourceIntent(
    IntentKind Kind,
    ulong Sector,
    int Sectors,
    long IssueNs,
    long DoneNs,
    BlkifStatus? Status,
    long SourceSeq,
    SourceOrigin Origin,
    int CompletedBefore,
    int InFlightAtIssue);
