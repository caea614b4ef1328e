using System.Reflection;
using ScottPlot;

namespace BlkTrace.Charts;

/// <summary>
/// Makes the bundled DejaVu Sans the font of every chart. ScottPlot renders text with whatever
/// font it can find and silently draws nothing when it finds none (a bare container, a CI box),
/// so the TTFs ship inside this assembly and are registered before the first chart.
/// </summary>
public static class ChartFonts
{
    /// <summary>The family name charts use.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the bundled fonts once per process.</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    private static bool Load()
    {
        string dir = Path.Combine(Path.GetTempPath(), "blkt-fonts-" + typeof(ChartFonts).Assembly.GetName().Version);
        Directory.CreateDirectory(dir);
        Fonts.AddFontFile(Family, Extract(dir, "DejaVuSans.ttf"), bold: false, italic: false);
        Fonts.AddFontFile(Family, Extract(dir, "DejaVuSans-Bold.ttf"), bold: true, italic: false);
        Fonts.Default = Family;
        return true;
    }

    private static string Extract(string dir, string name)
    {
        string path = Path.Combine(dir, name);
        if (File.Exists(path))
        {
            return path;
        }

        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("BlkTrace.Charts.Fonts." + name)
            ?? throw new InvalidOperationException($"font {name} is not embedded in BlkTrace.Charts");
        string temp = path + "." + Environment.ProcessId + ".tmp";
        using (var file = File.Create(temp))
        {
            resource.CopyTo(file);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}
