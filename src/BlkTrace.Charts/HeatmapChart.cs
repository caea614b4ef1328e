using System.Globalization;
using ScottPlot;

namespace BlkTrace.Charts;

/// <summary>
/// A strategy × profile matrix as a heat map with each cell's value written in it, so the
/// picture reads without the colour bar: violations and errors, where any non-zero cell matters.
/// </summary>
public static class HeatmapChart
{
    /// <summary>Builds the plot; rows run top to bottom, columns left to right.</summary>
    public static Plot Build(string title, string rowAxisLabel, string columnAxisLabel, string valueLabel, ChartMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var plot = ChartRenderer.NewPlot(title, columnAxisLabel, rowAxisLabel);
        int rows = matrix.Rows.Count;
        int cols = matrix.Columns.Count;
        var data = new double[rows, cols];
        double max = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                data[r, c] = matrix[r, c];
                if (!double.IsNaN(matrix[r, c]))
                {
                    max = Math.Max(max, matrix[r, c]);
                }
            }
        }

        if (!HasValue(matrix))
        {
            // ScottPlot cannot scale a heat map with no number in it (a matrix analysed without crash
            // exploration): colour every cell as zero; the "–" written in each cell says there is nothing.
            data = new double[rows, cols];
        }

        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Custom([Color.FromHex("#f7fbff"), Color.FromHex("#fdae6b"), Color.FromHex("#d94801"), Color.FromHex("#7f2704")]);
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(1, max));

        // By default cell (r, c) is centred on x = c, y = rows - 1 - r: row 0 at the top.
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double v = matrix[r, c];
                string text = double.IsNaN(v) ? "–" : v.ToString("0.##", CultureInfo.InvariantCulture);
                var label = plot.Add.Text(text, c, rows - 1 - r);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 13;
                // Zeros in grey so the cells that matter stand out; dark cells get white text.
                label.LabelFontColor = !double.IsNaN(v) && v > max * 0.6 && v > 0 ? Colors.White : v == 0 ? Colors.Gray : Colors.Black;
                label.LabelBold = v > 0;
            }
        }

        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < cols; c++)
        {
            bottom.AddMajor(c, matrix.Columns[c]);
        }

        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < rows; r++)
        {
            left.AddMajor(rows - 1 - r, matrix.Rows[r]);
        }

        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        if (cols > 5)
        {
            // Long profile names (linux-2.6.18-2008) collide when many columns share the width.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -20;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
            plot.Axes.Bottom.MinimumSize = 80;
        }
        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = valueLabel;
        plot.Grid.IsVisible = false;
        return plot;
    }

    private static bool HasValue(ChartMatrix matrix)
    {
        foreach (double v in matrix.Values)
        {
            if (!double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }
}
