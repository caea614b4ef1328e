using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using BlkTrace.Trace;
using BlkTrace.Trace.Storage;

namespace BlkTrace.Interop;

/// <summary>
/// An <see cref="ITraceRowSink"/> that hands rows to a <see cref="TraceWriter"/> on a thread of its
/// own, so parsing and pairing (the importer's thread) overlap with Parquet encoding (this one's).
/// </summary>
/// <remarks>
/// Rows are gathered into chunks of <see cref="BatchRows"/>; full chunks go through a bounded queue
/// (so memory stays at a few chunks) and come back empty for reuse. A writer failure is rethrown
/// on the importer's thread at its next append or at <see cref="Complete"/>. Not thread-safe: one
/// importer appends.
/// </remarks>
internal sealed class PipelinedWriterSink : ITraceRowSink, IDisposable
{
    public const int BatchRows = 1 << 15;
    private const int Batches = 4;

    private readonly TraceWriter _writer;
    private readonly BlockingCollection<Chunk> _full = new(Batches);
    private readonly BlockingCollection<Chunk> _empty = new();
    private readonly Thread _thread;
    private Chunk _current;
    private volatile ExceptionDispatchInfo? _failure;
    private bool _completed;

    public PipelinedWriterSink(TraceWriter writer)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        for (int i = 0; i < Batches; i++)
        {
            _empty.Add(new Chunk());
        }

        _current = _empty.Take();
        _thread = new Thread(Run) { IsBackground = true, Name = "blkt-import-writer" };
        _thread.Start();
    }

    public void Append(in RingEvent row)
    {
        // The row's layout bytes are only the caller's until it returns; the writer thread needs its own.
        _current.Rows[_current.Count++] = row.SegLayout.HasValue ? row.Detach() : row;
        if (_current.Count == BatchRows)
        {
            Hand();
        }
    }

    /// <summary>Hands the last rows over and waits until the writer has appended everything (it does not seal).</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_current.Count > 0 && _failure is null)
        {
            _full.Add(_current);
        }

        _full.CompleteAdding();
        _thread.Join();
        _failure?.Throw();
    }

    /// <summary>Stops the writer thread without waiting for queued rows to matter (after a failure).</summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _full.CompleteAdding();
            _thread.Join();
        }

        _full.Dispose();
        _empty.Dispose();
    }

    private void Hand()
    {
        _failure?.Throw();
        _full.Add(_current);
        _current = _empty.Take();
        _current.Count = 0;
    }

    private void Run()
    {
        foreach (var chunk in _full.GetConsumingEnumerable())
        {
            if (_failure is null)
            {
                try
                {
                    var rows = chunk.Rows;
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        _writer.Append(rows[i]);
                    }
                }
                catch (Exception e)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                }
            }

            Array.Clear(chunk.Rows, 0, chunk.Count);
            chunk.Count = 0;
            _empty.Add(chunk);
        }
    }

    /// <summary>Rows in flight between the threads; plain structs, so handing over is one copy each way.</summary>
    private sealed class Chunk
    {
        public readonly RingEvent[] Rows = new RingEvent[BatchRows];
        public int Count;
    }
}
