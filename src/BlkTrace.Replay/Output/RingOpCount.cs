namespace BlkTrace.Replay.Output;

/// <summary>Ring requests of one op and how the backend answered them.</summary>
/// <param name="Op">blkif.h name, e.g. <c>WRITE_BARRIER</c>.</param>
/// <param name="Sent">Requests sent.</param>
/// <param name="Okay">Answered OKAY.</param>
/// <param name="Error">Answered ERROR.</param>
/// <param name="NotSupported">Answered EOPNOTSUPP.</param>
/// <param name="Other">Answered anything else.</param>
public sealed record RingOpCount(string Op, long Sent, long Okay, long Error, long NotSupported, long Other);
