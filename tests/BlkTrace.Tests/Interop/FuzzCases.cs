namespace BlkTrace.Tests.Interop;

/// <summary>
/// Seeded corruptions of a valid input file, the same on every run: truncations (anywhere, and just
/// short of a record or line end), bit flips (one to eight bits), and both. Shared with the
/// integration tests by file link, so the CLI sees the same kinds of damage the importers do.
/// </summary>
public static class FuzzCases
{
    /// <summary><paramref name="count"/> corrupted copies of <paramref name="valid"/>, with a short description each.</summary>
    public static IEnumerable<(string What, byte[] Bytes)> Mutate(byte[] valid, int seed, int count)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = [.. valid];
            string what;
            switch (i % 3)
            {
                case 0:
                    int keep = rng.Next(valid.Length);
                    bytes = bytes[..keep];
                    what = $"truncated to {keep} of {valid.Length} bytes";
                    break;
                case 1:
                    what = Flip(bytes, rng);
                    break;
                default:
                    bytes = bytes[..(valid.Length - 1 - rng.Next(Math.Min(valid.Length - 1, 64)))];
                    what = $"truncated to {bytes.Length} bytes, " + Flip(bytes, rng);
                    break;
            }

            yield return (what, bytes);
        }
    }

    private static string Flip(byte[] bytes, Random rng)
    {
        if (bytes.Length == 0)
        {
            return "empty";
        }

        int flips = 1 + rng.Next(8);
        var at = new List<string>();
        for (int f = 0; f < flips; f++)
        {
            int pos = rng.Next(bytes.Length);
            int bit = rng.Next(8);
            bytes[pos] ^= (byte)(1 << bit);
            at.Add($"{pos}.{bit}");
        }

        return "bits flipped at " + string.Join(',', at);
    }
}
