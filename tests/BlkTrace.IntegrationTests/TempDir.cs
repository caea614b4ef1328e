namespace BlkTrace.IntegrationTests;

/// <summary>A short-named temporary directory (Unix socket paths must stay under 108 bytes), deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates /tmp/blkt-test-XXXXXXXX.</summary>
    public TempDir()
    {
        Path = System.IO.Path.Combine("/tmp", "blkt-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be closing a file; the OS cleans /tmp eventually.
        }
    }
}
