namespace BlkTrace.Interop.NetTrace;

/// <summary>What a capture recorded.</summary>
/// <param name="NetTracePath">The raw EventPipe file (deleted unless kept).</param>
/// <param name="NetTraceBytes">Its size.</param>
/// <param name="Elapsed">How long the session ran.</param>
/// <param name="ProcessExited">Whether the target exited before the capture was stopped.</param>
/// <param name="Import">The conversion of the events to trace segments.</param>
public sealed record CaptureResult(string NetTracePath, long NetTraceBytes, TimeSpan Elapsed, bool ProcessExited, ImportReport Import);
