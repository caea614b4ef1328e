namespace BlkTrace.Protocol.XenStore;

/// <summary>The end of the device that owns a subtree.</summary>
public enum XenStoreSide
{
    /// <summary>The backend (<c>/local/domain/0/backend/vbd/&lt;domid&gt;/&lt;dev&gt;</c> in Xen).</summary>
    Backend,

    /// <summary>The frontend (<c>/local/domain/&lt;domid&gt;/device/vbd/&lt;dev&gt;</c> in Xen).</summary>
    Frontend,
}
