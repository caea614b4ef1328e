namespace BlkTrace.Protocol.XenStore;

/// <summary>
/// A store kept in memory and shared by the two ends of an in-process device. Create one, then
/// take a view per end with <see cref="ViewFor"/>.
/// </summary>
public sealed class InMemoryXenStore
{
    private readonly Dictionary<string, string> _nodes = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private long _generation;

    /// <summary>A view that writes <paramref name="side"/>'s subtree.</summary>
    public IXenStore ViewFor(XenStoreSide side) => new View(this, side);

    /// <summary>A copy of every node, for dumps and tests.</summary>
    public IReadOnlyDictionary<string, string> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(_nodes, StringComparer.Ordinal);
        }
    }

    private sealed class View(InMemoryXenStore owner, XenStoreSide side) : IXenStore
    {
        private long _seen;

        public XenStoreSide Side => side;

        public string? Read(string path)
        {
            lock (owner._lock)
            {
                return owner._nodes.GetValueOrDefault(path);
            }
        }

        public void Write(string path, string value)
        {
            XenStorePath.CheckWritable(path, side);
            lock (owner._lock)
            {
                owner._nodes[path] = value;
                owner._generation++;
                Monitor.PulseAll(owner._lock);
            }
        }

        public void Remove(string path)
        {
            XenStorePath.CheckWritable(path, side);
            lock (owner._lock)
            {
                if (owner._nodes.Remove(path))
                {
                    owner._generation++;
                    Monitor.PulseAll(owner._lock);
                }
            }
        }

        public IReadOnlyList<string> List(string directory)
        {
            string prefix = directory.TrimEnd('/') + "/";
            var names = new SortedSet<string>(StringComparer.Ordinal);
            lock (owner._lock)
            {
                foreach (string key in owner._nodes.Keys)
                {
                    if (key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        string rest = key[prefix.Length..];
                        int slash = rest.IndexOf('/', StringComparison.Ordinal);
                        names.Add(slash < 0 ? rest : rest[..slash]);
                    }
                }
            }

            return [.. names];
        }

        public bool WaitForChange(int millisecondsTimeout)
        {
            lock (owner._lock)
            {
                if (owner._generation == _seen)
                {
                    Monitor.Wait(owner._lock, millisecondsTimeout);
                }

                bool changed = owner._generation != _seen;
                _seen = owner._generation;
                return changed;
            }
        }

        public string Describe(string path) => "xenstore node " + path;

        public void Dispose()
        {
        }
    }
}
