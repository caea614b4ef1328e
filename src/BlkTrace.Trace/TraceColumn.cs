namespace BlkTrace.Trace;

/// <summary>One column of trace schema v1: its frozen name, type and nullability, and what it means.</summary>
/// <param name="Name">The column name in the Parquet file.</param>
/// <param name="Type">The Parquet type.</param>
/// <param name="Nullable">True when rows may leave it null (Parquet OPTIONAL).</param>
/// <param name="Meaning">One line for humans (<c>blkt inspect</c> prints it).</param>
public sealed record TraceColumn(string Name, TraceColumnType Type, bool Nullable, string Meaning);
