using System.Text.RegularExpressions;
using BlkTrace.Tests.Support;

namespace BlkTrace.Tests.Analysis;

/// <summary>
/// Spark SQL cannot run here (no Debian package, no Maven or PyPI access), so what keeps
/// <c>notebooks/sql/*.sql</c> portable is this scan: every function they call must be on a list
/// both DuckDB and Spark SQL 3.x have under the same name and meaning, no DuckDB-only syntax may
/// appear, and the only table read is the view <c>trace_events</c> (bound per engine as
/// notebooks/sql/README.md shows), never a file path.
/// </summary>
public sealed partial class SqlPortabilityTests
{
    private static readonly string SqlDir = Path.Combine(TestPaths.RepoRoot, "notebooks", "sql");

    /// <summary>Functions with the same name and meaning in DuckDB and Spark SQL 3.x (checked against Spark's built-in function list).</summary>
    private static readonly HashSet<string> PortableFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "ABS", "AVG", "CAST", "CEIL", "COALESCE", "COUNT", "FLOOR", "GREATEST", "LAG", "LEAD", "LEAST", "LOG2",
        "MAX", "MIN", "POWER", "ROW_NUMBER", "SUM",
    };

    /// <summary>Keywords that may stand before a parenthesis without being a function call.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "AS", "ELSE", "EXISTS", "FROM", "IN", "JOIN", "NOT", "ON", "OR", "OVER", "SELECT", "THEN", "WHEN", "WHERE",
    };

    /// <summary>Types both engines accept in CAST.</summary>
    private static readonly HashSet<string> PortableTypes = new(StringComparer.OrdinalIgnoreCase) { "BIGINT", "INT", "INTEGER", "DOUBLE", "STRING" };

    /// <summary>Syntax DuckDB accepts and Spark SQL 3.x lacks or reads differently, with the portable spelling.</summary>
    private static readonly (string Pattern, string Why)[] Forbidden =
    [
        (@"::", "`::` casts are DuckDB/PostgreSQL only: use CAST(x AS type)"),
        (@"\bQUALIFY\b", "QUALIFY is not Spark SQL 3.x: filter a window result in an outer query"),
        (@"\bread_(parquet|csv\w*|json\w*)\b", "table functions over files are DuckDB only: read the view trace_events"),
        (@"\bFROM\s+'", "a file path as a table is DuckDB only: read the view trace_events"),
        ("\"", "double quotes are a string literal in Spark SQL, an identifier in DuckDB: use plain identifiers"),
        (@"//", "`//` integer division is DuckDB only: use FLOOR(a / b)"),
        (@"\bFILTER\s*\(\s*WHERE\b", "aggregate FILTER (WHERE …) is avoided (Spark 3.x support varies by function): use SUM(CASE WHEN … THEN 1 ELSE 0 END)"),
        (@"\b(GROUP|ORDER)\s+BY\s+ALL\b", "GROUP/ORDER BY ALL is not Spark SQL 3.x: name the columns"),
        (@"\*\s*(EXCLUDE|REPLACE)\b", "SELECT * EXCLUDE/REPLACE is DuckDB only"),
        (@"\bCOLUMNS\s*\(", "COLUMNS(...) is DuckDB only"),
        (@"\bUSING\s+SAMPLE\b", "USING SAMPLE is DuckDB only (Spark: TABLESAMPLE)"),
        (@"\bI?LIKE\s+ANY\b|\bILIKE\b", "ILIKE is Spark 3.3+ only: use LOWER(x) LIKE"),
        (@"\[|\{", "list/struct literals and indexing differ between the engines"),
        (@"->", "JSON/lambda arrows differ between the engines"),
        (@"\bPIVOT\b|\bUNPIVOT\b", "PIVOT syntax differs between the engines"),
        (@"\bINTERVAL\b", "interval literals differ between the engines: work in integer ns"),
    ];

    public static TheoryData<string> Files => [.. Directory.GetFiles(SqlDir, "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void SqlFile_EveryFunction_ExistsInDuckDbAndSpark(string file)
    {
        string sql = Code(file);
        var calls = CallRegex().Matches(sql).Select(m => m.Groups[1].Value).Where(n => !Keywords.Contains(n)).Distinct(StringComparer.OrdinalIgnoreCase);
        var cteNames = CteRegex().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var windowNames = WindowRegex().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = calls.Where(n => !PortableFunctions.Contains(n) && !cteNames.Contains(n) && !windowNames.Contains(n)).ToArray();
        Assert.True(unknown.Length == 0, $"{file} calls {string.Join(", ", unknown)}, not on the list of functions both DuckDB and Spark SQL have");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SqlFile_NoDuckDbOnlySyntax(string file)
    {
        string sql = Code(file);
        foreach (var (pattern, why) in Forbidden)
        {
            var m = Regex.Match(sql, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            Assert.False(m.Success, $"{file}: '{m.Value}' — {why}");
        }

        foreach (Match cast in CastRegex().Matches(sql))
        {
            Assert.True(PortableTypes.Contains(cast.Groups[1].Value), $"{file}: CAST to {cast.Groups[1].Value}, not a type both engines spell the same");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SqlFile_ReadsOnlyTheTraceEventsView(string file)
    {
        string sql = Code(file);
        var ctes = CteRegex().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tables = TableRegex().Matches(sql).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("trace_events", tables, StringComparer.OrdinalIgnoreCase);
        var other = tables.Where(t => !ctes.Contains(t) && !string.Equals(t, "trace_events", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(other.Length == 0, $"{file} reads {string.Join(", ", other)}; the files may read only the view trace_events and their own CTEs");
    }

    [Fact]
    public void Scan_DuckDbOnlyConstructs_AreCaught()
    {
        // The scan itself must bite: each of these is DuckDB-only and must trip a rule above.
        string[] bad =
        [
            "SELECT ts_ns::BIGINT FROM trace_events",
            "SELECT * FROM trace_events QUALIFY ROW_NUMBER() OVER (ORDER BY seq) = 1",
            "SELECT * FROM read_parquet('x.parquet')",
            "SELECT COUNT(*) FILTER (WHERE kind = 1) FROM trace_events",
            "SELECT \"kind\" FROM trace_events",
            "SELECT kind, COUNT(*) FROM trace_events GROUP BY ALL",
        ];
        foreach (string sql in bad)
        {
            string code = StripComments(sql);
            Assert.Contains(Forbidden, f => Regex.IsMatch(code, f.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
        }

        Assert.DoesNotContain("quantile_cont", PortableFunctions);
        Assert.Matches(CallRegex(), "SELECT quantile_cont(ts_ns, 0.5) FROM trace_events");
    }

    /// <summary>The file's SQL without comments and with string literals emptied (so their text never trips a rule).</summary>
    private static string Code(string file) => StripComments(File.ReadAllText(Path.Combine(SqlDir, file)));

    private static string StripComments(string sql)
    {
        string noComments = Regex.Replace(sql, @"--[^\n]*", string.Empty, RegexOptions.CultureInvariant);
        return Regex.Replace(noComments, @"'[^']*'", "''", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex CallRegex();

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\s+AS\s*\(", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CteRegex();

    [GeneratedRegex(@"\bWINDOW\s+([A-Za-z_][A-Za-z0-9_]*)\s+AS\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WindowRegex();

    [GeneratedRegex(@"\bCAST\s*\(.*?\bAS\s+([A-Za-z]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CastRegex();

    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TableRegex();
}
