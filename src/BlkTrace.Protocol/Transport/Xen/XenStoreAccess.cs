namespace BlkTrace.Protocol.Transport.Xen;

/// <summary>What a domain may do with a xenstore node (<c>XS_PERM_*</c> of <c>xenstore_lib.h</c>).</summary>
[Flags]
public enum XenStoreAccess
{
    /// <summary><c>XS_PERM_NONE</c>.</summary>
    None = 0,

    /// <summary><c>XS_PERM_READ</c>.</summary>
    Read = 1,

    /// <summary><c>XS_PERM_WRITE</c>.</summary>
    Write = 2,

    /// <summary>Both.</summary>
    ReadWrite = Read | Write,
}
