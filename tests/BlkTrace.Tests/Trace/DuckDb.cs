using DuckDB.NET.Data;

namespace BlkTrace.Tests.Trace;

/// <summary>Runs SQL on an in-memory DuckDB: a Parquet reader that shares no code with ours.</summary>
public static class DuckDb
{
    public static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A path for a SQL string literal.</summary>
    public static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
