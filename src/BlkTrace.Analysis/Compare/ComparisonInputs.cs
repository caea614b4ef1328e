using System.Text.Json;

namespace BlkTrace.Analysis.Compare;

/// <summary>
/// Expands <c>blkt compare</c>'s inputs: a matrix directory (it has <c>matrix.json</c>, written by
/// <c>blkt matrix</c>) stands for every cell it lists (<c>cells[].directory</c>, relative to it); a
/// directory of replay directories without <c>matrix.json</c> stands for every subdirectory holding a
/// <c>trace/</c>; anything else is passed through.
/// </summary>
public static class ComparisonInputs
{
    /// <summary>The matrix file's name.</summary>
    public const string MatrixFile = "matrix.json";

    /// <summary>The inputs with every matrix expanded, in order; a path that does not exist is a <see cref="FileNotFoundException"/>.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var paths = new List<string>();
        foreach (string input in inputs)
        {
            string path = Path.TrimEndingDirectorySeparator(input);
            if (File.Exists(path) && Path.GetFileName(path) == MatrixFile)
            {
                paths.AddRange(Cells(Path.GetDirectoryName(Path.GetFullPath(path))!, path));
            }
            else if (Directory.Exists(path) && File.Exists(Path.Combine(path, MatrixFile)))
            {
                paths.AddRange(Cells(path, Path.Combine(path, MatrixFile)));
            }
            else if (Directory.Exists(path) && !Directory.Exists(Path.Combine(path, ReplayInput.TraceDirectory)) &&
                     Directory.GetFiles(path, "*.parquet").Length == 0 &&
                     Directory.GetDirectories(path).Where(d => Directory.Exists(Path.Combine(d, ReplayInput.TraceDirectory))).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } replays)
            {
                paths.AddRange(replays);
            }
            else if (File.Exists(path) || Directory.Exists(path))
            {
                paths.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"{input}: no such file or directory", input);
            }
        }

        return paths;
    }

    private static List<string> Cells(string dir, string matrixFile)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(matrixFile));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{matrixFile}: not a replay matrix (no cells)");
            }

            var paths = new List<string>();
            foreach (var cell in cells.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("directory", out var d) || d.ValueKind != JsonValueKind.String || d.GetString() is not { Length: > 0 } name)
                {
                    throw new InvalidDataException($"{matrixFile}: a cell has no directory");
                }

                string cellDir = Path.Combine(dir, name);
                if (!Directory.Exists(cellDir))
                {
                    throw new DirectoryNotFoundException($"{matrixFile}: cell directory {name} is missing");
                }

                paths.Add(cellDir);
            }

            return paths;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{matrixFile}: not JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
