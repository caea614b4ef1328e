using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace BlkTrace.Trace.Storage;

/// <summary>
/// Schema v1 as Parquet.Net fields, the writer options, and the check that a file's schema is v1.
/// The only place that maps <see cref="TraceColumnType"/> to CLR types.
/// </summary>
internal static class ParquetLayout
{
    public static readonly DataField[] Fields = BuildFields();

    public static readonly ParquetSchema Schema = new(Fields);

    public static DataField Seq => Fields[0];

    public static DataField TsNs => Fields[1];

    public static DataField Kind => Fields[2];

    public static DataField Queue => Fields[3];

    public static DataField RingIdx => Fields[4];

    public static DataField Id => Fields[5];

    public static DataField Op => Fields[6];

    public static DataField IndirectOp => Fields[7];

    public static DataField NrSegments => Fields[8];

    public static DataField Handle => Fields[9];

    public static DataField Sector => Fields[10];

    public static DataField NrSectors => Fields[11];

    public static DataField SegLayout => Fields[12];

    public static DataField Status => Fields[13];

    public static DataField DataHash => Fields[14];

    /// <summary>
    /// Zstd at Fastest (the default level is ~75× slower for a few % of size) with DELTA_BINARY_PACKED
    /// on the integer columns where it is both smaller and faster to encode than PLAIN + Zstd
    /// (measured on the benchmark workloads). <c>sector</c> stays PLAIN: request rows interleave with
    /// response rows that hold 0, so deltas swing by the full sector value and cost more than the
    /// values. Parquet.Net 6.1 applies delta only to int16/int32/int64 columns: <c>id</c> (uint64),
    /// <c>kind</c>, <c>op</c> and <c>indirect_op</c> (int8) stay PLAIN and Zstd does the work.
    /// Nothing newer than PLAIN/DELTA_BINARY_PACKED/RLE is used, so every Parquet reader copes.
    /// </summary>
    public static ParquetOptions WriterOptions()
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            CompressionLevel = CompressionLevel.Fastest,
        };
        string[] delta =
        [
            TraceSchema.Seq, TraceSchema.TsNs, TraceSchema.Queue, TraceSchema.RingIdx, TraceSchema.NrSegments,
            TraceSchema.Handle, TraceSchema.NrSectors, TraceSchema.Status,
        ];
        foreach (string column in delta)
        {
            options.ColumnEncodingHints[column] = EncodingHint.DeltaBinaryPacked;
        }

        return options;
    }

    public static Type ClrType(TraceColumnType type) => type switch
    {
        TraceColumnType.Int8 => typeof(sbyte),
        TraceColumnType.Int16 => typeof(short),
        TraceColumnType.Int32 => typeof(int),
        TraceColumnType.Int64 => typeof(long),
        TraceColumnType.UInt64 => typeof(ulong),
        TraceColumnType.Binary => typeof(byte[]),
        TraceColumnType.String => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// Finds the v1 columns in a file's schema by name. Extra columns are ignored; a missing column,
    /// a wrong type, or a repeated column is a one-line problem. An OPTIONAL column where v1
    /// has a REQUIRED one is accepted here (other writers mark everything OPTIONAL); a null in it is
    /// an error when it is read.
    /// </summary>
    public static DataField[] Match(ParquetSchema schema, out string? problem)
    {
        var found = new DataField[Fields.Length];
        var byName = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var f in schema.DataFields)
        {
            byName.TryAdd(f.Name, f);
        }

        for (int i = 0; i < Fields.Length; i++)
        {
            var want = TraceSchema.Columns[i];
            if (!byName.TryGetValue(want.Name, out var have))
            {
                problem = $"not a trace v{TraceSchema.Version}: column '{want.Name}' is missing";
                return found;
            }

            bool binary = want.Type == TraceColumnType.Binary;
            bool typeOk = binary
                ? have.ClrType == typeof(byte[]) || have.ClrType == typeof(ReadOnlyMemory<byte>)
                : have.ClrType == ClrType(want.Type);
            if (!typeOk || have.IsArray || have.MaxRepetitionLevel > 0)
            {
                problem = $"not a trace v{TraceSchema.Version}: column '{want.Name}' is {Describe(have)}, expected {want.Type}";
                return found;
            }

            found[i] = have;
        }

        problem = null;
        return found;
    }

    private static string Describe(DataField f) =>
        (f.IsArray || f.MaxRepetitionLevel > 0 ? "a list of " : string.Empty) + f.ClrType.Name;

    private static DataField[] BuildFields()
    {
        var fields = new DataField[TraceSchema.Columns.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            var c = TraceSchema.Columns[i];
            fields[i] = new DataField(c.Name, ClrType(c.Type), isNullable: c.Nullable);
        }

        return fields;
    }
}
