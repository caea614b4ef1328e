using System.Data.Common;

namespace BlkTrace.TestSupport;

/// <summary>
/// A DuckDB query's result as rows of column name → value (DBNull as null): how the SQL-file test
/// and the analyze-vs-DuckDB benchmark compare DuckDB's figures with the analyzer's. Linked into
/// both projects.
/// </summary>
internal static class DuckDbRows
{
    public static List<Dictionary<string, object?>> Read(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
