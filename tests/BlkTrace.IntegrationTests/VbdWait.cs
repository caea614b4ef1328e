namespace BlkTrace.IntegrationTests;

/// <summary>Waits for a backend started in another process to announce itself in a vbd directory.</summary>
public static class VbdWait
{
    /// <summary>
    /// Returns once <c>xenstore/backend/state</c> says InitWait (2), so a frontend started next finds
    /// the directory and the features; throws after <paramref name="timeout"/>.
    /// </summary>
    public static async Task ForBackendAsync(string vbd, TimeSpan? timeout = null)
    {
        string state = Path.Combine(vbd, "xenstore", "backend", "state");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (File.Exists(state) && (await File.ReadAllTextAsync(state)).Trim() == "2")
                {
                    return;
                }
            }
            catch (IOException)
            {
                // Renamed over while we read it: look again.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no backend announced itself in {vbd}");
    }
}
