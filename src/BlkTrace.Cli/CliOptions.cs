using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace BlkTrace.Cli;

/// <summary>
/// Option factories with parsers that reject bad values with a message (a plain validator would
/// let <c>abc</c> crash the binder).
/// </summary>
public static class CliOptions
{
    /// <summary>A whole number in [min, max]; accepts k/M/G suffixes (×1000).</summary>
    public static Option<long> Count(string name, string description, long defaultValue, long min = 0, long max = long.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseCount(result, name, min, max),
        };

    /// <summary>A whole number in [min, max] as an int.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = 0, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => (int)ParseCount(result, name, min, max),
        };

    /// <summary>One of a fixed set of words.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = description + " (" + string.Join(", ", choices) + ")",
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>An optional duration: <c>90</c> or <c>90s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>; positive.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (TryParseDuration(token, out var value))
                {
                    return value;
                }

                result.AddError($"{name}: '{token}' is not a positive duration (e.g. 90s, 500ms, 2m, 1h)");
                return null;
            },
        };

    /// <summary>Parses a positive duration: a number with an optional <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> suffix (seconds without one).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        (string suffix, double seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        double scale = 1;
        foreach (var (suffix, seconds) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && !(suffix == "s" && t.EndsWith("ms", StringComparison.OrdinalIgnoreCase)))
            {
                t = t[..^suffix.Length];
                scale = seconds;
                break;
            }
        }

        value = default;
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !(n > 0) || n * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(n * scale);
        return true;
    }

    /// <summary>Parses a count token: digits with an optional k, M or G suffix.</summary>
    public static bool TryParseCount(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        long multiplier = 1;
        string digits = text.Trim();
        if (digits.Length > 1)
        {
            switch (digits[^1])
            {
                case 'k' or 'K':
                    multiplier = 1_000;
                    break;
                case 'm' or 'M':
                    multiplier = 1_000_000;
                    break;
                case 'g' or 'G':
                    multiplier = 1_000_000_000;
                    break;
            }

            if (multiplier != 1)
            {
                digits = digits[..^1];
            }
        }

        value = 0;
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
        {
            return false;
        }

        try
        {
            value = checked(n * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static long ParseCount(ArgumentResult result, string name, long min, long max)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!TryParseCount(token, out long value))
        {
            result.AddError($"{name}: '{token}' is not a whole number");
            return min;
        }

        if (value < min || value > max)
        {
            result.AddError($"{name}: {value} is outside {min}..{max}");
            return min;
        }

        return value;
    }
}
