namespace BlkTrace.Protocol.Blkif;

/// <summary>Which member of the request union a slot holds; chosen by the operation byte alone.</summary>
public enum BlkifRequestLayout
{
    /// <summary><c>struct blkif_request</c>: every operation except DISCARD and INDIRECT, unknown ones included.</summary>
    ReadWrite,

    /// <summary><c>struct blkif_request_discard</c>.</summary>
    Discard,

    /// <summary><c>struct blkif_request_indirect</c>.</summary>
    Indirect,
}
