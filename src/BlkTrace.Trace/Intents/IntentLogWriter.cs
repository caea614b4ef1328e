using System.Buffers.Binary;
using System.Globalization;
using BlkTrace.Trace.Storage;
using Parquet;
using Parquet.Schema;

namespace BlkTrace.Trace.Intents;

/// <summary>
/// Writes an intent log (<see cref="IntentLogSchema"/>) as one Parquet file: Zstd at Fastest,
/// written under <c>PATH.tmp</c>, fsynced and renamed into place, so a reader never sees half a file.
/// An intent log is small (one row per guest intent) and written once at the end of a replay, so
/// rows are taken as a list rather than streamed.
/// </summary>
public static class IntentLogWriter
{
    private const int RowGroupRows = 1 << 20;

    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="path"/> with <paramref name="keyValues"/> (the
    /// replay's <c>blktrace.*</c> keys) plus <c>blktrace.intents.schema_version</c>. A failure is an
    /// <see cref="IOException"/> naming the file; nothing is left behind.
    /// </summary>
    public static void Write(string path, IReadOnlyList<IntentRecord> rows, IReadOnlyDictionary<string, string>? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keyValues is not null)
        {
            foreach (var (k, v) in keyValues)
            {
                metadata[k] = v;
            }
        }

        metadata[IntentLogSchema.SchemaVersionKey] = IntentLogSchema.Version.ToString(CultureInfo.InvariantCulture);
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                SyncOver.Run(() => WriteAsync(stream, rows, metadata));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{full}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    internal static DataField[] Fields { get; } = BuildFields();

    private static async ValueTask WriteAsync(Stream stream, IReadOnlyList<IntentRecord> rows, Dictionary<string, string> metadata)
    {
        var options = ParquetLayout.WriterOptions();
        var schema = new ParquetSchema(Fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, options).ConfigureAwait(false);
        writer.CustomMetadata = metadata;
        for (int start = 0; start < rows.Count || (start == 0 && rows.Count == 0); start += RowGroupRows)
        {
            int n = Math.Min(RowGroupRows, rows.Count - start);
            var seq = new long[n];
            var kind = new sbyte[n];
            var sector = new long[n];
            var nr = new int[n];
            var gen = new long[n];
            var issue = new long[n];
            var done = new long?[n];
            var status = new short?[n];
            var ids = new byte[n][];
            var notes = new string?[n];
            for (int i = 0; i < n; i++)
            {
                var r = rows[start + i];
                seq[i] = r.IntentSeq;
                kind[i] = (sbyte)r.Kind;
                sector[i] = unchecked((long)r.Sector);
                nr[i] = r.NrSectors;
                gen[i] = r.Generation;
                issue[i] = r.IssueTsNs;
                done[i] = r.DoneTsNs;
                status[i] = r.GuestStatus is { } s ? (short)s : null;
                ids[i] = EncodeIds(r.RingIds);
                notes[i] = r.Note;
            }

            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync<long>(Fields[0], seq.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<sbyte>(Fields[1], kind.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<long>(Fields[2], sector.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<int>(Fields[3], nr.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<long>(Fields[4], gen.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<long>(Fields[5], issue.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<long>(Fields[6], (ReadOnlyMemory<long?>)done.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync<short>(Fields[7], (ReadOnlyMemory<short?>)status.AsMemory()).ConfigureAwait(false);
            await rg.WriteAsync(Fields[8], ids).ConfigureAwait(false);
            await rg.WriteAsync(Fields[9], notes).ConfigureAwait(false);
            rg.CompleteValidate();
            if (rows.Count == 0)
            {
                break;
            }
        }
    }

    private static byte[] EncodeIds(IReadOnlyList<ulong> ids)
    {
        var bytes = new byte[ids.Count * sizeof(ulong)];
        for (int i = 0; i < ids.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), ids[i]);
        }

        return bytes;
    }

    private static DataField[] BuildFields()
    {
        var columns = IntentLogSchema.Columns;
        var fields = new DataField[columns.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = new DataField(columns[i].Name, ParquetLayout.ClrType(columns[i].Type), isNullable: columns[i].Nullable);
        }

        return fields;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
