using BlkTrace.Replay;
using BlkTrace.Trace;
using BlkTrace.Trace.Intents;

namespace BlkTrace.Tests.Replay;

/// <summary>A finished replay read back into memory: its summary, ring trace (rows and metadata) and intent log.</summary>
public sealed record ReplayRun(ReplayResult Result, RingEvent[] Trace, TraceMetadata TraceMetadata, IntentLog Intents)
{
    public Dictionary<ulong, RingEvent> RequestsById() =>
        Trace.Where(e => e.Kind == RingEventKind.Request).ToDictionary(e => e.Id);

    public Dictionary<ulong, RingEvent> ResponsesById() =>
        Trace.Where(e => e.Kind == RingEventKind.Response).ToDictionary(e => e.Id);
}
