namespace BlkTrace.Cli.Demo;

/// <summary>
/// The layout of a <c>blkt demo</c> output directory, and the rule for reusing one: an empty or
/// missing directory is used; a previous demo output (it has <see cref="Marker"/>) has its demo
/// entries replaced; anything else is refused unless forced, and even then only demo entries are removed.
/// </summary>
public static class DemoOutput
{
    /// <summary>The default directory when <c>-o</c> is omitted.</summary>
    public const string DefaultDirectory = "blkt-demo";

    /// <summary>The file that marks a directory as a demo output.</summary>
    public const string Marker = ".blkt-demo";

    /// <summary>The captured trace's directory.</summary>
    public const string Capture = "capture";

    /// <summary>The replay matrix directory.</summary>
    public const string Replays = "replays";

    /// <summary>The charts directory.</summary>
    public const string Charts = "charts";

    /// <summary>Every entry the demo writes (and removes before writing again).</summary>
    public static IReadOnlyList<string> Entries { get; } = [Capture, Replays, Charts, "matrix.md", "matrix.csv", "matrix.json", DemoReport.FileName, Marker];

    /// <summary>
    /// Makes <paramref name="directory"/> ready; an <see cref="IOException"/> naming it when it holds
    /// something that is not a demo output and <paramref name="force"/> is false.
    /// </summary>
    public static string Prepare(string directory, bool force)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string dir = Path.GetFullPath(directory);
        if (File.Exists(dir))
        {
            throw new IOException($"-o {directory}: is a file, not a directory");
        }

        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !File.Exists(Path.Combine(dir, Marker)) && !force)
        {
            throw new IOException($"-o {directory}: not empty and not a previous blkt demo output; choose another directory or pass --force");
        }

        Directory.CreateDirectory(dir);
        foreach (string entry in Entries)
        {
            string path = Path.Combine(dir, entry);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        File.WriteAllText(Path.Combine(dir, Marker), "blkt demo output: `blkt demo` may replace this directory's demo files.\n");
        return dir;
    }
}
