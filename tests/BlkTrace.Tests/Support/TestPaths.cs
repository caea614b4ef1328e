namespace BlkTrace.Tests.Support;

/// <summary>Where the repository and the optional <c>../shared</c> folder are, seen from the test binaries.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder holding BlkTrace.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The shared folder beside the repository (or where <c>BLKT_SHARED_DIR</c> points, for a git
    /// worktree that is not beside it), or null on a fresh clone that has none.
    /// </summary>
    public static string? SharedDir
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BLKT_SHARED_DIR") is { Length: > 0 } set)
            {
                return Directory.Exists(set) ? set : null;
            }

            string dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlkTrace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BlkTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
