using System.Globalization;
using BlkTrace.Backend.Stores;

namespace BlkTrace.Replay;

/// <summary>
/// Store specs for replay targets: the usual <c>null:SIZE</c>, <c>mem:SIZE[,cache]</c> and
/// <c>file:PATH</c>, with the size optional (<c>null</c>, <c>mem,cache</c>, <c>file:/tmp/x.img</c>) and
/// then the trace's disk. A file target is always exactly the trace's disk, so the replay never
/// touches a byte beyond it, and an existing file is refused without <c>--force</c>.
/// </summary>
public static class ReplayStoreSpec
{
    /// <summary>The spec with sizes filled in; an <see cref="ArgumentException"/> or <see cref="IOException"/> naming the problem otherwise.</summary>
    public static string Resolve(string spec, ulong diskSectors, bool force)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string bytes = (diskSectors * 512).ToString(CultureInfo.InvariantCulture);
        string kind = spec.Split([':', ','], 2)[0];
        switch (kind)
        {
            case "null" or "mem":
                {
                    string rest = spec[kind.Length..];
                    if (rest.StartsWith(':'))
                    {
                        string size = rest[1..].Split(',')[0];
                        if (size.Length > 0)
                        {
                            return spec;
                        }

                        rest = rest[(1 + size.Length)..];
                    }

                    return $"{kind}:{bytes}{rest}";
                }

            case "file":
                {
                    string[] parts = spec.Length > 5 ? spec[5..].Split(',') : [string.Empty];
                    string path = parts[0];
                    if (path.Length == 0)
                    {
                        throw new ArgumentException($"--store {spec}: no path");
                    }

                    var options = new List<string>();
                    foreach (string o in parts.AsSpan(1))
                    {
                        if (o.StartsWith("size=", StringComparison.Ordinal))
                        {
                            if (!StoreSpec.TryParseSize(o[5..], out ulong size) || size != diskSectors * 512)
                            {
                                throw new ArgumentException($"--store {spec}: a replay's file is exactly the trace's disk ({bytes} bytes); leave size out");
                            }
                        }
                        else
                        {
                            options.Add(o);
                        }
                    }

                    if (File.Exists(path) && !force)
                    {
                        throw new IOException($"--store {spec}: {Path.GetFullPath(path)} exists; pass --force to replay over it");
                    }

                    if (Directory.Exists(path))
                    {
                        throw new IOException($"--store {spec}: {Path.GetFullPath(path)} is a directory");
                    }

                    options.Add("size=" + bytes);
                    return "file:" + path + "," + string.Join(',', options);
                }

            default:
                throw new ArgumentException($"--store {spec}: expected null, mem[,cache] or file:PATH (sizes default to the trace's disk)");
        }
    }
}
