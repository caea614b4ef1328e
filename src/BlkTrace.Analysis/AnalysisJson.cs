using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlkTrace.Analysis;

/// <summary>
/// <see cref="AnalysisResult"/> as JSON (snake_case names, enums as their report names) and back:
/// what <c>blkt analyze --json</c> prints and <c>blkt compare</c> reads.
/// </summary>
public static class AnalysisJson
{
    /// <summary>The result as indented JSON.</summary>
    public static string Serialize(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, AnalysisJsonContext.Default.AnalysisResult);
    }

    /// <summary>
    /// Reads a result back; anything that is not one is an <see cref="InvalidDataException"/> naming
    /// <paramref name="source"/>.
    /// </summary>
    public static AnalysisResult Deserialize(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var result = JsonSerializer.Deserialize(json, AnalysisJsonContext.Default.AnalysisResult);
            return result is { Trace.Name.Length: > 0 }
                ? result
                : throw new InvalidDataException($"{source}: not a blkt analysis result (no trace.name)");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a blkt analysis result ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
