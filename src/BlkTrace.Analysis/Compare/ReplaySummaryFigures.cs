using System.Text.Json;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// The few figures <c>blkt compare</c> takes from a replay's <c>summary.json</c> (schema
/// <c>blktrace.replay-summary</c> v1, written by BlkTrace.Replay, documented in
/// src/BlkTrace.Replay/README.md) when one is there. Analysis does not reference Replay, so the
/// members are read by name and anything else is ignored: <c>extra_bytes_written</c>,
/// <c>verification.failures</c>, <c>source_mapping.first_intent_seq</c>, <c>strategy</c>,
/// <c>strategy_detail</c>, <c>target.profile</c> and <c>errors.abandoned</c>. Every one is optional.
/// </summary>
/// <param name="ExtraBytes">Bytes the strategy wrote on its own account (cache-replay rewrites).</param>
/// <param name="DataMismatches">Sectors a read found wrong (self-verifying data).</param>
/// <param name="FirstWorkloadIntent">intent_seq of the first workload intent (the strategy's connect-time intents come before).</param>
/// <param name="Strategy">The strategy.</param>
/// <param name="StrategyDetail">What the strategy decided (mode, probes, flushing disabled).</param>
/// <param name="Profile">The backend profile.</param>
/// <param name="Abandoned">Why the replay stopped early, or null.</param>
public sealed record ReplaySummaryFigures(long? ExtraBytes, long? DataMismatches, long? FirstWorkloadIntent, string? Strategy, string? StrategyDetail, string? Profile, string? Abandoned)
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

            return new ReplaySummaryFigures(
                Number(root, "extra_bytes_written") ?? Number(root, "extra_bytes"),
                Number(Child(root, "verification"), "failures"),
                Number(Child(root, "source_mapping"), "first_intent_seq"),
                Text(root, "strategy"),
                Text(root, "strategy_detail"),
                Text(Child(root, "target"), "profile"),
                Text(Child(root, "errors"), "abandoned"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static JsonElement? Child(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static long? Number(JsonElement? element, string name) =>
        element is { } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    private static string? Text(JsonElement? element, string name) =>
        element is { } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
