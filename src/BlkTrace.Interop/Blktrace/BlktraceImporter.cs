using BlkTrace.Trace;

namespace BlkTrace.Interop.Blktrace;

/// <summary>
/// Imports a blktrace v7 capture (one or more per-CPU files, either byte order) into schema-v1 rows.
/// </summary>
/// <remarks>
/// Data flow: one streaming reader per file (1 MiB buffer each, PDUs skipped), merged by time
/// (ties keep file order), fed to <see cref="BlktracePairing"/>, which writes rows to the sink as it
/// goes; memory is the readers' buffers plus the requests in flight. Mapping (spec/formats.md):
/// READ→READ, WRITE→WRITE, empty flush (FN)→0-segment FLUSH_DISKCACHE, preflush write (FWS)→
/// FLUSH_DISKCACHE with data, preflush+FUA (FWFS)→WRITE_BARRIER with data, FUA alone (WFS)→ as
/// <see cref="ImportOptions.Fua"/> says, DISCARD→DISCARD; errno→status (0 OKAY, 95 EOPNOTSUPP,
/// else ERROR). Row conventions: <see cref="ImportRowBuilder"/>.
/// </remarks>
public static class BlktraceImporter
{
    /// <summary>The <see cref="ImportReport.SourceFormat"/> of a little-endian capture.</summary>
    public const string FormatName = "blktrace-v7";

    /// <summary>Imports <paramref name="files"/> (as <see cref="BlktraceFiles.Resolve"/> returns them) into <paramref name="sink"/>.</summary>
    public static ImportReport Import(IReadOnlyList<string> files, ITraceRowSink sink, ImportOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(sink);
        if (files.Count == 0)
        {
            throw new ArgumentException("no blktrace files given", nameof(files));
        }

        options ??= new ImportOptions();
        var report = new ImportReport(FormatName, files);
        var readers = new List<BlktraceFileReader>(files.Count);
        try
        {
            foreach (string f in files)
            {
                readers.Add(new BlktraceFileReader(f));
            }

            var pairing = new BlktracePairing(new ImportRowBuilder(sink, report, options.Fua), report);
            if (readers.Count == 1)
            {
                ReadOne(readers[0], pairing, report, options, cancel);
            }
            else
            {
                ReadMerged(readers, pairing, report, options, cancel);
            }

            pairing.Finish();
            if (readers.Any(r => r.BigEndian))
            {
                report.SourceFormat = FormatName + "-be";
            }

            return report;
        }
        finally
        {
            foreach (var r in readers)
            {
                r.Dispose();
            }
        }
    }

    /// <summary>Imports into a new trace directory (or a single <c>.parquet</c> file); returns the report.</summary>
    public static ImportReport ImportToTrace(IReadOnlyList<string> files, string output, ImportOptions? options = null, CancellationToken cancel = default) =>
        TraceOutput.Write(output, new TraceMetadata { Clock = "blktrace" }, sink => Import(files, sink, options, cancel));

    private static void ReadOne(BlktraceFileReader reader, BlktracePairing pairing, ImportReport report, ImportOptions options, CancellationToken cancel)
    {
        long n = 0;
        while (reader.TryRead(out var r))
        {
            pairing.On(r);
            if ((++n & 0xffff) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                options.Progress?.Invoke(reader.Position);
            }
        }

        report.SourceEvents = n;
    }

    private static void ReadMerged(List<BlktraceFileReader> readers, BlktracePairing pairing, ImportReport report, ImportOptions options, CancellationToken cancel)
    {
        int k = readers.Count;
        var current = new BlktraceRecord[k];
        var live = new bool[k];
        for (int i = 0; i < k; i++)
        {
            live[i] = readers[i].TryRead(out current[i]);
        }

        long n = 0;
        while (true)
        {
            int best = -1;
            for (int i = 0; i < k; i++)
            {
                if (live[i] && (best < 0 || current[i].Time < current[best].Time))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            pairing.On(current[best]);
            live[best] = readers[best].TryRead(out current[best]);
            if ((++n & 0xffff) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                options.Progress?.Invoke(readers.Sum(r => r.Position));
            }
        }

        report.SourceEvents = n;
    }
}
