namespace BlkTrace.Charts;

/// <summary>The image formats charts are written in.</summary>
public enum ChartFormat
{
    /// <summary>PNG raster.</summary>
    Png,

    /// <summary>SVG vector, with text as text.</summary>
    Svg,
}
