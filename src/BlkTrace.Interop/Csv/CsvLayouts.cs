using System.Globalization;

namespace BlkTrace.Interop.Csv;

/// <summary>Recognises the public block-trace CSV layouts by a header line or by the shape of a data line.</summary>
public static class CsvLayouts
{
    /// <summary>
    /// The layout of a line: <see cref="TraceFormat.MsrCsv"/> (7 fields, the 4th <c>Read</c>/<c>Write</c>),
    /// <see cref="TraceFormat.AlibabaCsv"/> (5 fields, the 2nd <c>R</c>/<c>W</c>),
    /// <see cref="TraceFormat.TencentCsv"/> (5 numeric fields, the 4th 0 or 1), or null. A header line is
    /// recognised by its column names (<c>Hostname</c>, <c>opcode</c>, <c>volume</c>/<c>IOType</c>).
    /// </summary>
    public static TraceFormat? Classify(string line, out bool isHeader)
    {
        ArgumentNullException.ThrowIfNull(line);
        isHeader = false;
        var f = Fields(line);
        if (f.Length == 0)
        {
            return null;
        }

        if (!IsNumber(f[0]) && !(f.Length == 5 && IsNumber(f[2])))
        {
            isHeader = true;
            string all = line.ToUpperInvariant();
            return f.Length == 7 && all.Contains("HOSTNAME", StringComparison.Ordinal) ? TraceFormat.MsrCsv
                : f.Length == 5 && all.Contains("OPCODE", StringComparison.Ordinal) ? TraceFormat.AlibabaCsv
                : f.Length == 5 && (all.Contains("VOLUME", StringComparison.Ordinal) || all.Contains("IOTYPE", StringComparison.Ordinal)) ? TraceFormat.TencentCsv
                : null;
        }

        if (f.Length == 7 && (Is(f[3], "Read") || Is(f[3], "Write")) && IsNumber(f[0]))
        {
            return TraceFormat.MsrCsv;
        }

        if (f.Length == 5 && (Is(f[1], "R") || Is(f[1], "W")) && IsNumber(f[2]) && IsNumber(f[3]) && IsNumber(f[4]))
        {
            return TraceFormat.AlibabaCsv;
        }

        if (f.Length == 5 && f.All(IsNumber) && f[3].Trim() is "0" or "1")
        {
            return TraceFormat.TencentCsv;
        }

        return null;
    }

    /// <summary>The comma-separated fields of a line.</summary>
    public static string[] Fields(string line) => line.Trim().Split(',');

    private static bool Is(string field, string word) => string.Equals(field.Trim(), word, StringComparison.OrdinalIgnoreCase);

    private static bool IsNumber(string field) =>
        ulong.TryParse(field.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _) ||
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
