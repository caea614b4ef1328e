using System.Buffers.Binary;
using System.Globalization;
using BlkTrace.Protocol.Blkif;
using BlkTrace.Trace.Storage;
using Parquet;
using Parquet.Schema;

namespace BlkTrace.Trace.Intents;

/// <summary>
/// Reads an intent log back whole (they are small: one row per guest intent). Anything that is not
/// an intent log v1 (not Parquet, no <c>blktrace.intents.schema_version</c>, a missing or mistyped
/// column) is an <see cref="InvalidDataException"/> whose one-line message starts with the path.
/// </summary>
public static class IntentLogReader
{
    /// <summary>Reads <paramref name="path"/>, or <c>PATH/intents.parquet</c> when it is a directory.</summary>
    public static IntentLog Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Directory.Exists(path) ? System.IO.Path.Combine(path, IntentLogSchema.FileName) : path;
        file = System.IO.Path.GetFullPath(file);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"{file}: no such file", file);
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        ParquetReader reader;
        try
        {
            reader = SyncOver.Run(async () => await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file}: not a Parquet file ({e.Message.ReplaceLineEndings(" ")})", e);
        }

        try
        {
            var metadata = new Dictionary<string, string>(reader.CustomMetadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (!metadata.TryGetValue(IntentLogSchema.SchemaVersionKey, out string? version))
            {
                throw new InvalidDataException($"{file}: not an intent log (no {IntentLogSchema.SchemaVersionKey})");
            }

            if (version != IntentLogSchema.Version.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"{file}: intent log schema version {version}, this reader knows {IntentLogSchema.Version}");
            }

            var fields = Match(file, reader.Schema);
            var rows = new List<IntentRecord>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                try
                {
                    SyncOver.Run(() => ReadRowGroupAsync(reader, g, fields, rows));
                }
                catch (Exception e) when (e is not OutOfMemoryException and not InvalidDataException)
                {
                    throw new InvalidDataException($"{file}: row group {g}: {e.Message.ReplaceLineEndings(" ")}", e);
                }
            }

            return new IntentLog(file, metadata, rows);
        }
        finally
        {
            SyncOver.Run(reader.DisposeAsync);
        }
    }

    /// <summary>Splits a <c>ring_ids</c> value into ids.</summary>
    public static ulong[] DecodeIds(ReadOnlySpan<byte> bytes)
    {
        var ids = new ulong[bytes.Length / sizeof(ulong)];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]);
        }

        return ids;
    }

    private static DataField[] Match(string file, ParquetSchema schema)
    {
        var columns = IntentLogSchema.Columns;
        var found = new DataField[columns.Count];
        var byName = schema.DataFields.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            var want = columns[i];
            if (!byName.TryGetValue(want.Name, out var have))
            {
                throw new InvalidDataException($"{file}: not an intent log v{IntentLogSchema.Version}: column '{want.Name}' is missing");
            }

            var expected = ParquetLayout.ClrType(want.Type);
            // Parquet.Net reports BYTE_ARRAY columns as memory types when it reads a footer.
            bool ok = have.ClrType == expected
                || (want.Type == TraceColumnType.Binary && have.ClrType == typeof(ReadOnlyMemory<byte>))
                || (want.Type == TraceColumnType.String && have.ClrType == typeof(ReadOnlyMemory<char>));
            if (!ok || have.IsArray || have.MaxRepetitionLevel > 0)
            {
                throw new InvalidDataException($"{file}: not an intent log v{IntentLogSchema.Version}: column '{want.Name}' is {have.ClrType.Name}, expected {want.Type}");
            }

            found[i] = have;
        }

        return found;
    }

    private static async ValueTask ReadRowGroupAsync(ParquetReader reader, int index, DataField[] f, List<IntentRecord> rows)
    {
        using var rg = reader.OpenRowGroupReader(index);
        int n = checked((int)rg.RowCount);
        var seq = await RequiredAsync<long>(rg, f[0], n).ConfigureAwait(false);
        var kind = await RequiredAsync<sbyte>(rg, f[1], n).ConfigureAwait(false);
        var sector = await RequiredAsync<long>(rg, f[2], n).ConfigureAwait(false);
        var nr = await RequiredAsync<int>(rg, f[3], n).ConfigureAwait(false);
        var gen = await RequiredAsync<long>(rg, f[4], n).ConfigureAwait(false);
        var issue = await RequiredAsync<long>(rg, f[5], n).ConfigureAwait(false);
        var done = new long?[n];
        await rg.ReadAsync<long>(f[6], done.AsMemory(), null, default).ConfigureAwait(false);
        var status = new short?[n];
        await rg.ReadAsync<short>(f[7], status.AsMemory(), null, default).ConfigureAwait(false);
        var ids = new byte[]?[n];
        await rg.ReadAsync(f[8], ids.AsMemory(), null, default).ConfigureAwait(false);
        var notes = new string?[n];
        await rg.ReadAsync(f[9], notes.AsMemory(), null, default).ConfigureAwait(false);
        for (int i = 0; i < n; i++)
        {
            rows.Add(new IntentRecord(
                seq[i],
                (IntentKind)kind[i],
                unchecked((ulong)sector[i]),
                nr[i],
                gen[i],
                issue[i],
                done[i],
                status[i] is { } s ? (BlkifStatus)s : null,
                ids[i] is { } b ? DecodeIds(b) : [],
                notes[i]));
        }
    }

    private static async ValueTask<T[]> RequiredAsync<T>(ParquetRowGroupReader rg, DataField field, int n)
        where T : struct
    {
        if (!field.IsNullable)
        {
            var values = new T[n];
            await rg.ReadAsync<T>(field, values.AsMemory(), null, default).ConfigureAwait(false);
            return values;
        }

        var nullable = new T?[n];
        await rg.ReadAsync<T>(field, nullable.AsMemory(), null, default).ConfigureAwait(false);
        var result = new T[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = nullable[i] ?? throw new InvalidDataException($"column '{field.Name}' has nulls, which the intent log v{IntentLogSchema.Version} does not allow");
        }

        return result;
    }
}
