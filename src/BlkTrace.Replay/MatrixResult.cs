namespace BlkTrace.Replay;

/// <summary><c>matrix.json</c>: every pair of a strategy × profile matrix (schema <c>blktrace.replay-matrix</c> v1).</summary>
/// <param name="Schema"><c>blktrace.replay-matrix</c>.</param>
/// <param name="Version">1.</param>
/// <param name="Source">The replayed trace.</param>
/// <param name="Store">The store spec every pair used.</param>
/// <param name="Timing">Timing mode.</param>
/// <param name="Strategies">Rows.</param>
/// <param name="Profiles">Columns.</param>
/// <param name="ElapsedSeconds">Wall-clock time of the whole matrix.</param>
/// <param name="Cells">Every pair, strategies outer, profiles inner.</param>
public sealed record MatrixResult(
    string Schema,
    int Version,
    string Source,
    string Store,
    string Timing,
    IReadOnlyList<string> Strategies,
    IReadOnlyList<string> Profiles,
    double ElapsedSeconds,
    IReadOnlyList<MatrixCell> Cells)
{
    /// <summary>The schema name.</summary>
    public const string SchemaName = "blktrace.replay-matrix";

    /// <summary>The file name inside a matrix directory.</summary>
    public const string FileName = "matrix.json";
}
