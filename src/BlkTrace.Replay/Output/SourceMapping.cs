namespace BlkTrace.Replay.Output;

/// <summary>
/// Which source request each workload intent came from: intent <c>FirstIntentSeq + i</c> was lifted
/// from the source request row whose seq is <c>SourceSeq[i]</c> (a FLUSH_DISKCACHE with data gives two
/// intents with the same seq). Intents before <c>FirstIntentSeq</c> are the strategy's connect-time ones.
/// </summary>
/// <param name="FirstIntentSeq">intent_seq of the first workload intent.</param>
/// <param name="SourceSeq">Source request seq per workload intent issued.</param>
/// <param name="Origin">The lifting rule per workload intent issued (<c>SourceOrigin</c> as a number: 0 read, 1 write, 2 discard, 3 flush_diskcache, 4 flush_with_data, 5 empty_barrier, 6 repeated_data_barrier, 7 rewritten_block_barrier, 8 data_barrier).</param>
public sealed record SourceMapping(long FirstIntentSeq, IReadOnlyList<long> SourceSeq, IReadOnlyList<int> Origin);
