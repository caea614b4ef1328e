using System.Text.Json.Serialization;

namespace BlkTrace.Analysis.Compare;

/// <summary>Source-generated JSON for comparison rows.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<ComparisonRow>))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
