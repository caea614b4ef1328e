using ScottPlot;

namespace BlkTrace.Charts;

/// <summary>Writes a plot to a PNG or SVG file, with the bundled font, under a temporary name then renamed.</summary>
public static class ChartRenderer
{
    /// <summary>Saves <paramref name="plot"/> to <paramref name="path"/>.</summary>
    public static void Save(Plot plot, string path, ChartFormat format, ChartSize size)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(path);
        if (size.Width < 100 || size.Height < 100)
        {
            throw new ArgumentException($"chart size {size.Width}x{size.Height} is too small (at least 100x100)", nameof(size));
        }

        ChartFonts.EnsureLoaded();
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        string temp = path + ".tmp" + (format == ChartFormat.Png ? ".png" : ".svg");
        if (format == ChartFormat.Png)
        {
            plot.SavePng(temp, size.Width, size.Height);
        }
        else
        {
            plot.SaveSvg(temp, size.Width, size.Height);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A new plot with the house style: bundled font, white background, light grid.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ChartFonts.EnsureLoaded();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>The colour of the i-th series, stable across charts so a strategy keeps its colour.</summary>
    public static Color SeriesColor(int index) => Palette[index % Palette.Length];

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];
}
