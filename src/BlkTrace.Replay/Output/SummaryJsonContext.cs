using System.Text.Json.Serialization;

namespace BlkTrace.Replay.Output;

/// <summary>
/// Source-generated serialisation of <see cref="ReplaySummary"/> with <see cref="SummaryJson"/>'s
/// settings, so a NativeAOT program (blkt-dom0 replaying inside a Xen guest) can write summaries:
/// reflection-based System.Text.Json is off under NativeAOT.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ReplaySummary))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
