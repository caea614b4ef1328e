namespace BlkTrace.Protocol.XenStore;

/// <summary>Builds and checks relative node paths.</summary>
public static class XenStorePath
{
    /// <summary>The subtree name of a side.</summary>
    public static string Root(XenStoreSide side) => side == XenStoreSide.Backend ? "backend" : "frontend";

    /// <summary><c>backend/&lt;node&gt;</c> or <c>frontend/&lt;node&gt;</c>.</summary>
    public static string Of(XenStoreSide side, string node) => Root(side) + "/" + node;

    /// <summary>
    /// A node of a queue: <c>frontend/queue-N/node</c> when the frontend uses several queues
    /// (<c>multi-queue-num-queues</c> &gt; 1), else <c>frontend/node</c>.
    /// </summary>
    public static string OfQueue(XenStoreSide side, int queue, int queueCount, string node) =>
        queueCount > 1 ? $"{Root(side)}/queue-{queue}/{node}" : Of(side, node);

    /// <summary>
    /// Splits and checks a path; false for an empty segment, <c>.</c>/<c>..</c>, or characters outside
    /// xenstore's own set (letters, digits, <c>-</c>, <c>_</c>, <c>@</c>).
    /// </summary>
    public static bool TryParse(string path, out XenStoreSide side, out string[] segments)
    {
        side = XenStoreSide.Backend;
        segments = path.Split('/');
        if (segments.Length < 2)
        {
            return false;
        }

        switch (segments[0])
        {
            case "backend":
                side = XenStoreSide.Backend;
                break;
            case "frontend":
                side = XenStoreSide.Frontend;
                break;
            default:
                return false;
        }

        foreach (string s in segments)
        {
            if (s.Length == 0 || s[0] == '.')
            {
                return false;
            }

            foreach (char c in s)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '@'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="path"/> is a valid node of <paramref name="writer"/>'s subtree.</summary>
    internal static string[] CheckWritable(string path, XenStoreSide writer)
    {
        if (!TryParse(path, out var side, out var segments))
        {
            ThrowHelper.ThrowArgument(nameof(path), $"'{path}' is not a node path (backend/... or frontend/...)");
        }

        if (side != writer)
        {
            ThrowHelper.ThrowInvalidOperation($"the {Root(writer)} may not write '{path}': each end writes only its own subtree");
        }

        return segments;
    }
}
