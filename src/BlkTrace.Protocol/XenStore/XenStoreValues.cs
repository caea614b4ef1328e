using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Transport;

namespace BlkTrace.Protocol.XenStore;

/// <summary>Reads typed node values; a value that is not what the node must hold is a <see cref="TransportException"/> naming the node.</summary>
public static class XenStoreValues
{
    /// <summary>Reads an unsigned number, or returns null when the node is absent.</summary>
    public static ulong? ReadUInt64(IXenStore store, string path)
    {
        string? text = store.Read(path);
        if (text is null)
        {
            return null;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            throw new TransportException($"{store.Describe(path)}: holds '{Printable(text)}', not an unsigned number");
        }

        return value;
    }

    /// <summary>Reads an unsigned 32-bit number (grant reference, port, count), or null when absent.</summary>
    public static uint? ReadUInt32(IXenStore store, string path)
    {
        ulong? v = ReadUInt64(store, path);
        if (v is > uint.MaxValue)
        {
            throw new TransportException($"{store.Describe(path)}: {v} does not fit in 32 bits");
        }

        return (uint?)v;
    }

    /// <summary>Reads a required unsigned 32-bit number.</summary>
    public static uint RequireUInt32(IXenStore store, string path) =>
        ReadUInt32(store, path) ?? throw new TransportException($"{store.Describe(path)}: missing");

    /// <summary>Reads a boolean feature flag (<c>0</c>/<c>1</c>); absent means false.</summary>
    public static bool ReadFlag(IXenStore store, string path) => ReadUInt64(store, path) is > 0;

    /// <summary>Reads a <c>state</c> node; absent means <see cref="XenbusState.Unknown"/>.</summary>
    public static XenbusState ReadState(IXenStore store, string path)
    {
        ulong? v = ReadUInt64(store, path);
        if (v is > (ulong)XenbusState.Reconfigured)
        {
            throw new TransportException($"{store.Describe(path)}: {v} is not a xenbus state (0..8)");
        }

        return (XenbusState)(v ?? 0);
    }

    /// <summary>Writes a number in xenstore's decimal text form.</summary>
    public static void Write(IXenStore store, string path, ulong value) =>
        store.Write(path, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a <c>state</c> node.</summary>
    public static void WriteState(IXenStore store, string path, XenbusState state) => Write(store, path, (ulong)state);

    /// <summary>
    /// Waits until the state at <paramref name="path"/> reaches <paramref name="wanted"/> (or later, up to
    /// Connected). Closing or Closed on the way, or the timeout, is an error naming the node.
    /// </summary>
    public static XenbusState WaitForState(IXenStore store, string path, XenbusState wanted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = ReadState(store, path);
            if (state >= wanted && state <= XenbusState.Connected)
            {
                return state;
            }

            if (state is XenbusState.Closing or XenbusState.Closed && wanted < XenbusState.Closing)
            {
                throw new TransportException($"{store.Describe(path)}: the peer is {state} while we wait for {wanted}");
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TransportException($"{store.Describe(path)}: still {state} after {timeout.TotalSeconds:0.#} s waiting for {wanted} (is the peer running?)");
            }

            store.WaitForChange((int)Math.Min(left, 1000));
        }
    }

    private static string Printable(string text)
    {
        var chars = text.Length > 40 ? text[..40].ToCharArray() : text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '?';
            }
        }

        return new string(chars) + (text.Length > 40 ? "…" : string.Empty);
    }
}
