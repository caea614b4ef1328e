using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>Source-generated (reflection-free, trim-safe) JSON for <see cref="AnalysisResult"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(AnalysisResult))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
