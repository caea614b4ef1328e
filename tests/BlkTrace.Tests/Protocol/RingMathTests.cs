using BlkTrace.Protocol.Blkif;
using BlkTrace.Protocol.Ring;

namespace BlkTrace.Tests.Protocol;

public class RingMathTests
{
    // notify_predicate_cases of spec/blkif-layout.json, compiled from Xen's ring.h.
    [Theory]
    [InlineData(0u, 1u, 1u, true)]
    [InlineData(0u, 5u, 1u, true)]
    [InlineData(1u, 5u, 1u, false)]
    [InlineData(4u, 5u, 6u, false)]
    [InlineData(5u, 9u, 6u, true)]
    [InlineData(5u, 9u, 10u, false)]
    [InlineData(4294967294u, 2u, 4294967295u, true)]
    [InlineData(4294967294u, 2u, 3u, false)]
    [InlineData(10u, 10u, 11u, false)]
    public void NeedsNotify_XenGoldenCases_MatchRingH(uint oldProd, uint newProd, uint eventIndex, bool expected) =>
        Assert.Equal(expected, RingMath.NeedsNotify(oldProd, newProd, eventIndex));

    // overflow_predicate_cases of spec/blkif-layout.json.
    [Theory]
    [InlineData(100u, 100u, false, false)]
    [InlineData(100u, 131u, false, false)]
    [InlineData(100u, 132u, true, false)]
    [InlineData(100u, 133u, true, true)]
    [InlineData(100u, 99u, true, true)]
    public void Overflow_XenGoldenCases_MatchRingH(uint rspProdPvt, uint idx, bool consOverflow, bool prodOverflow)
    {
        Assert.Equal(consOverflow, RingMath.RequestConsOverflow(32, rspProdPvt, idx));
        Assert.Equal(prodOverflow, RingMath.RequestProdOverflow(32, rspProdPvt, idx));
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, 64)]
    [InlineData(2, 128)]
    [InlineData(3, 256)]
    [InlineData(4, 512)]
    public void RingSize_EveryPageOrder_BothAbisGiveXenRingSize(int order, int expected)
    {
        Assert.Equal(expected, RingMath.RingSize(order, BlkifAbi.X86_64));
        Assert.Equal(expected, RingMath.RingSize(order, BlkifAbi.X86_32));
    }
}
