using System.Globalization;
using System.Text.RegularExpressions;

namespace BlkTrace.Interop.Blktrace;

/// <summary>Which files make up one blktrace capture: blktrace writes one file per CPU, <c>NAME.blktrace.N</c>.</summary>
public static partial class BlktraceFiles
{
    /// <summary>
    /// The per-CPU files <paramref name="path"/> stands for, in CPU order: for <c>NAME.blktrace.N</c>
    /// every sibling <c>NAME.blktrace.*</c>; for a <c>NAME</c> that does not exist itself, the
    /// <c>NAME.blktrace.*</c> files beside it; for a directory, every <c>*.blktrace.N</c> in it;
    /// otherwise the file itself (e.g. a <c>blkparse -d</c> dump).
    /// </summary>
    public static IReadOnlyList<string> Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var all = Directory.GetFiles(path).Where(f => PerCpu().IsMatch(Path.GetFileName(f))).ToList();
            return all.Count > 0 ? Order(all) : throw new InvalidDataException($"{path}: directory holds no *.blktrace.N files");
        }

        string name = Path.GetFileName(path);
        var m = PerCpu().Match(name);
        string? prefix = m.Success ? m.Groups[1].Value : !File.Exists(path) ? name : null;
        if (prefix is null)
        {
            return [path];
        }

        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var siblings = Directory.Exists(dir)
            ? Directory.GetFiles(dir, prefix + ".blktrace.*").Where(f => PerCpu().Match(Path.GetFileName(f)) is { Success: true } s && s.Groups[1].Value == prefix).ToList()
            : [];
        if (siblings.Count == 0)
        {
            throw new FileNotFoundException($"{path}: no such file (and no {prefix}.blktrace.N beside it)", path);
        }

        return Order(siblings);
    }

    /// <summary>The capture name of a per-CPU file name, or null: <c>sda.blktrace.3</c> → <c>sda</c>.</summary>
    public static string? CaptureName(string fileName)
    {
        var m = PerCpu().Match(fileName);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static List<string> Order(List<string> files) =>
        [.. files.OrderBy(f => PerCpu().Match(Path.GetFileName(f)).Groups[1].Value, StringComparer.Ordinal)
            .ThenBy(f => long.TryParse(PerCpu().Match(Path.GetFileName(f)).Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : long.MaxValue)];

    [GeneratedRegex(@"^(.+)\.blktrace\.(\d+)$")]
    private static partial Regex PerCpu();
}
