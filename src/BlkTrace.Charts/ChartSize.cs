namespace BlkTrace.Charts;

/// <summary>Pixel size of a chart image.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct ChartSize(int Width, int Height)
{
    /// <summary>The size reports use.</summary>
    public static ChartSize Default => new(1000, 600);
}
