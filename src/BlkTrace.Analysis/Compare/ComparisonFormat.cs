namespace BlkTrace.Analysis.Compare;

/// <summary>How <c>blkt compare</c> prints its table.</summary>
public enum ComparisonFormat
{
    /// <summary>Aligned columns for a terminal.</summary>
    Text,

    /// <summary>A GitHub Markdown table.</summary>
    Markdown,

    /// <summary>RFC 4180 CSV, raw numbers, invariant culture.</summary>
    Csv,

    /// <summary>A JSON array of rows.</summary>
    Json,
}
