namespace BlkTrace.Replay;

/// <summary>How far a matrix got.</summary>
/// <param name="Done">Pairs finished.</param>
/// <param name="Total">Pairs in the matrix.</param>
/// <param name="Strategy">The pair running now (or last finished).</param>
/// <param name="Profile">Its profile.</param>
/// <param name="Current">Progress of the running pair's replay.</param>
public readonly record struct MatrixProgress(int Done, int Total, string Strategy, string Profile, ReplayProgress Current);
