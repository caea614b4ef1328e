namespace BlkTrace.Backend.Profiles;

/// <summary>What a backend does when <c>req_prod - rsp_prod_pvt &gt; RING_SIZE</c> (RING_REQUEST_PROD_OVERFLOW).</summary>
public enum OverflowPolicy
{
    /// <summary>No check: the loop guard alone bounds what is consumed (Linux 2.6.18).</summary>
    None,

    /// <summary>Halt the ring: no more requests consumed and no more responses until disconnect (modern Linux, -EACCES).</summary>
    HaltRing,
}
