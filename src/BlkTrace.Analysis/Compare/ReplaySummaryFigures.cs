using System.Text.Json;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// The few figures <c>blkt compare</c> takes from a replay's <c>summary.json</c> when one is there.
/// The file belongs to Replay; only these top-level members are read, in snake_case or camelCase,
/// and anything else is ignored: <c>extra_bytes</c> (number), <c>data_mismatches</c> (number),
/// <c>strategy</c> and <c>profile</c> (strings, used when the trace's metadata lacks them).
/// </summary>
/// <param name="ExtraBytes">Bytes the strategy wrote beyond the workload's.</param>
/// <param name="DataMismatches">Sectors whose read-back differed from what was written.</param>
/// <param name="Strategy">The strategy.</param>
/// <param name="Profile">The backend profile.</param>
public sealed record ReplaySummaryFigures(long? ExtraBytes, long? DataMismatches, string? Strategy, string? Profile)
{
    /// <summary>Reads <paramref name="path"/>; malformed JSON is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ReplaySummaryFigures Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: a replay summary is a JSON object");
            }

            return new ReplaySummaryFigures(Number(root, "extra_bytes", "extraBytes"), Number(root, "data_mismatches", "dataMismatches"), Text(root, "strategy"), Text(root, "profile"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static long? Number(JsonElement root, params string[] names)
    {
        foreach (string name in names)
        {
            if (root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n))
            {
                return n;
            }
        }

        return null;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
