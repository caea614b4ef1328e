using System.Text.Json;

namespace BlkTrace.Replay.Output;

/// <summary>Reads and writes <c>summary.json</c>: snake_case keys, indented, invariant numbers.</summary>
public static class SummaryJson
{
    // Snake_case keys, indented, named floating-point literals (SummaryJsonContext): source-generated
    // so that NativeAOT programs can write summaries too.

    /// <summary>The JSON text.</summary>
    public static string Serialize(ReplaySummary summary) => JsonSerializer.Serialize(summary, SummaryJsonContext.Default.ReplaySummary);

    /// <summary>Writes <paramref name="path"/> (temp file, then rename).</summary>
    public static void Write(string path, ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(path);
        string temp = path + ".tmp";
        File.WriteAllText(temp, Serialize(summary) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a summary back; a file that is not one is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ReplaySummary Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Directory.Exists(path) ? Path.Combine(path, ReplaySummary.FileName) : path;
        try
        {
            var summary = JsonSerializer.Deserialize(File.ReadAllText(file), SummaryJsonContext.Default.ReplaySummary);
            return summary is { Schema: ReplaySummary.SchemaName } ? summary : throw new InvalidDataException($"{file}: not a replay summary");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a replay summary ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
