using System.Globalization;

namespace BlkTrace.Backend.Stores;

/// <summary>
/// Parses store specs: <c>file:PATH[,direct][,size=N]</c>, <c>mem:SIZE[,cache][,destage-seed=N]</c>,
/// <c>null:SIZE</c>. Sizes are bytes with an optional binary suffix (<c>64M</c>, <c>1G</c>, <c>512MiB</c>,
/// <c>4k</c>) and must be whole 512-byte sectors. A bad spec is an <see cref="ArgumentException"/>
/// with a one-line message naming the spec and the problem.
/// </summary>
public static class StoreSpec
{
    /// <summary>Opens the store a spec names.</summary>
    public static IBlockStore Open(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Bad(spec, "expected file:PATH, mem:SIZE or null:SIZE");
        }

        string kind = spec[..colon];
        string[] parts = spec[(colon + 1)..].Split(',');
        switch (kind)
        {
            case "null":
                RequireOnly(spec, parts, 1);
                return new NullBlockStore(Sectors(spec, parts[0]));
            case "mem":
                {
                    ulong sectors = Sectors(spec, parts[0]);
                    bool cache = false;
                    int? seed = null;
                    foreach (string option in parts.AsSpan(1))
                    {
                        if (option == "cache")
                        {
                            cache = true;
                        }
                        else if (option.StartsWith("destage-seed=", StringComparison.Ordinal) &&
                            int.TryParse(option.AsSpan("destage-seed=".Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s))
                        {
                            seed = s;
                        }
                        else
                        {
                            throw Bad(spec, $"unknown mem option '{option}' (cache, destage-seed=N)");
                        }
                    }

                    if (seed is not null && !cache)
                    {
                        throw Bad(spec, "destage-seed needs cache");
                    }

                    return new MemoryBlockStore(sectors, cache, seed);
                }

            case "file":
                {
                    if (parts[0].Length == 0)
                    {
                        throw Bad(spec, "no path");
                    }

                    bool direct = false;
                    ulong? size = null;
                    foreach (string option in parts.AsSpan(1))
                    {
                        if (option == "direct")
                        {
                            direct = true;
                        }
                        else if (option.StartsWith("size=", StringComparison.Ordinal))
                        {
                            size = Sectors(spec, option["size=".Length..]) * 512;
                        }
                        else
                        {
                            throw Bad(spec, $"unknown file option '{option}' (direct, size=N)");
                        }
                    }

                    return new FileBlockStore(parts[0], size, direct);
                }

            default:
                throw Bad(spec, $"unknown store kind '{kind}' (file, mem, null)");
        }
    }

    /// <summary>Parses a size: digits with an optional K/M/G/T (or KiB/MiB/GiB/TiB) suffix, binary units.</summary>
    public static bool TryParseSize(string text, out ulong bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        string t = text.Trim();
        int end = 0;
        while (end < t.Length && char.IsAsciiDigit(t[end]))
        {
            end++;
        }

        if (end == 0 || !ulong.TryParse(t.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
        {
            return false;
        }

        int shift = t[end..] switch
        {
            "" => 0,
            "k" or "K" or "KiB" => 10,
            "M" or "MiB" => 20,
            "G" or "GiB" => 30,
            "T" or "TiB" => 40,
            _ => -1,
        };
        if (shift < 0 || (shift > 0 && n > ulong.MaxValue >> shift))
        {
            return false;
        }

        bytes = n << shift;
        return true;
    }

    private static ulong Sectors(string spec, string size)
    {
        if (!TryParseSize(size, out ulong bytes))
        {
            throw Bad(spec, $"'{size}' is not a size (like 64M, 1G, 512MiB)");
        }

        if (bytes == 0 || bytes % 512 != 0)
        {
            throw Bad(spec, $"size {bytes} is not a positive multiple of 512 bytes");
        }

        return bytes / 512;
    }

    private static void RequireOnly(string spec, string[] parts, int count)
    {
        if (parts.Length > count)
        {
            throw Bad(spec, $"unexpected option '{parts[count]}'");
        }
    }

    private static ArgumentException Bad(string spec, string problem) => new($"--store {spec}: {problem}");
}
