namespace BlkTrace.Protocol.XenStore;

/// <summary>
/// One device's xenstore nodes, seen from one end. Paths are relative and start with the end that
/// owns them: <c>backend/state</c>, <c>frontend/ring-ref</c>, <c>frontend/queue-1/event-channel</c>. Each
/// end writes only its own subtree; every write is atomic. Values are text, as in xenstore.
/// </summary>
public interface IXenStore : IDisposable
{
    /// <summary>Which subtree this end may write.</summary>
    XenStoreSide Side { get; }

    /// <summary>The node's value, or null when it does not exist.</summary>
    string? Read(string path);

    /// <summary>Writes a node of this end's subtree, atomically.</summary>
    void Write(string path, string value);

    /// <summary>Removes a node of this end's subtree, if it exists.</summary>
    void Remove(string path);

    /// <summary>The names of the nodes directly under <paramref name="directory"/> (empty when there are none).</summary>
    IReadOnlyList<string> List(string directory);

    /// <summary>
    /// Blocks until a node may have changed or the timeout passes (a watch). Spurious wake-ups are
    /// allowed: callers re-read what they wait for.
    /// </summary>
    bool WaitForChange(int millisecondsTimeout);

    /// <summary>Where a node lives, for messages (a file path, or a xenstore path).</summary>
    string Describe(string path);
}
