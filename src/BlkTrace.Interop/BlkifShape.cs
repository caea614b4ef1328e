using BlkTrace.Protocol.Blkif;

namespace BlkTrace.Interop;

/// <summary>The blkif operation, inner operation and segment count an imported request is given.</summary>
/// <param name="Operation">The <c>op</c> column.</param>
/// <param name="IndirectOperation">The <c>indirect_op</c> column (set only when <paramref name="Operation"/> is INDIRECT).</param>
/// <param name="NrSegments">The <c>nr_segments</c> column: the 4 KiB pages the request spans.</param>
public readonly record struct BlkifShape(BlkifOperation Operation, BlkifOperation? IndirectOperation, ushort NrSegments);
