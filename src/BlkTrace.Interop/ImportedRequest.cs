using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Interop;

/// <summary>A request row an importer has written, as its response row needs it.</summary>
/// <param name="Id">The synthesized <c>id</c> (unique in the trace).</param>
/// <param name="Queue">The <c>queue</c>.</param>
/// <param name="Operation">The request's <c>op</c>, echoed by its response (as a backend echoes it).</param>
internal readonly record struct ImportedRequest(ulong Id, int Queue, BlkifOperation Operation);
