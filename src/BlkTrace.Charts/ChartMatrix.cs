namespace BlkTrace.Charts;

/// <summary>A table of numbers with labelled rows and columns (strategy × profile).</summary>
/// <param name="Rows">Row labels (top to bottom).</param>
/// <param name="Columns">Column labels (left to right).</param>
/// <param name="Values">Values[row, column]; NaN for a cell with no result.</param>
public sealed record ChartMatrix(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, double[,] Values)
{
    /// <summary>Value at a cell.</summary>
    public double this[int row, int column] => Values[row, column];
}
