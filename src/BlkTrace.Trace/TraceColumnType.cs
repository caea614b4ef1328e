namespace BlkTrace.Trace;

/// <summary>The Parquet type of a trace column, as any reader sees it (physical type plus integer annotation).</summary>
public enum TraceColumnType
{
    /// <summary>INT32 annotated INT(8, signed): DuckDB TINYINT.</summary>
    Int8,

    /// <summary>INT32 annotated INT(16, signed): DuckDB SMALLINT.</summary>
    Int16,

    /// <summary>INT32 annotated INT(32, signed): DuckDB INTEGER.</summary>
    Int32,

    /// <summary>INT64 annotated INT(64, signed): DuckDB BIGINT.</summary>
    Int64,

    /// <summary>INT64 annotated INT(64, unsigned): DuckDB UBIGINT.</summary>
    UInt64,

    /// <summary>BYTE_ARRAY without a string annotation: DuckDB BLOB.</summary>
    Binary,

    /// <summary>BYTE_ARRAY annotated STRING (UTF-8): DuckDB VARCHAR. Not used by trace v1; the intent log's <c>note</c>.</summary>
    String,
}
