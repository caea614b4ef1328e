namespace BlkTrace.Interop.Fio;

/// <summary>fio iolog versions (fio HOWTO, "Trace file format").</summary>
public enum FioIologVersion
{
    /// <summary>Version 2: <c>FILE ACTION [OFFSET LENGTH]</c>, timing by <c>FILE wait USEC</c> lines.</summary>
    V2 = 2,

    /// <summary>Version 3 (fio ≥ 3.31): every line starts with a timestamp in µs since the job started.</summary>
    V3 = 3,
}
