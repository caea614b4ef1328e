namespace BlkTrace.Interop;

/// <summary>The trace formats <c>blkt convert</c> reads and writes (spec/formats.md).</summary>
public enum TraceFormat
{
    /// <summary>Our own trace schema v1: a Parquet file or a directory of segments.</summary>
    Parquet,

    /// <summary>Linux blktrace binary, record v7 (per-CPU files <c>NAME.blktrace.N</c>).</summary>
    Blktrace,

    /// <summary>fio iolog, version 2 or 3.</summary>
    FioIolog,

    /// <summary>SNIA IOTTA MSR Cambridge CSV (<c>Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime</c>).</summary>
    MsrCsv,

    /// <summary>Alibaba block trace 2020 CSV (<c>device_id,opcode,offset,length,timestamp_us</c>).</summary>
    AlibabaCsv,

    /// <summary>Tencent CBS 2018 CSV (<c>timestamp_s,offset_sectors,size_sectors,iotype,volume_id</c>).</summary>
    TencentCsv,

    /// <summary>An EventPipe <c>.nettrace</c> file holding <c>BlkTrace-Ring</c> events.</summary>
    NetTrace,
}
