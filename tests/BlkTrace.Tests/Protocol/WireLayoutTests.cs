using System.Runtime.CompilerServices;
using BlkTrace.Protocol.Wire;

namespace BlkTrace.Tests.Protocol;

/// <summary>
/// Every size and offset of both ABIs, as gcc laid out Xen's unmodified headers
/// (spec/blkif-layout.json, copied here as literals so a fresh clone needs nothing beside it).
/// </summary>
public class WireLayoutTests
{
    [Fact]
    public void Segment_Layout_MatchesXen()
    {
        var s = default(BlkifSegment);
        Assert.Equal(8, Unsafe.SizeOf<BlkifSegment>());
        Assert.Equal(0, Offset(ref s, ref s.GrantRef));
        Assert.Equal(4, Offset(ref s, ref s.FirstSect));
        Assert.Equal(5, Offset(ref s, ref s.LastSect));
        Assert.Equal(88, Unsafe.SizeOf<BlkifSegmentArray>());
        Assert.Equal(32, Unsafe.SizeOf<IndirectGrefArray>());
    }

    [Fact]
    public void ReadWriteRequest_X86_64_MatchesXen()
    {
        var r = default(BlkifRequestX86_64);
        Assert.Equal(112, Unsafe.SizeOf<BlkifRequestX86_64>());
        Assert.Equal(0, Offset(ref r, ref r.Operation));
        Assert.Equal(1, Offset(ref r, ref r.NrSegments));
        Assert.Equal(2, Offset(ref r, ref r.Handle));
        Assert.Equal(8, Offset(ref r, ref r.Id));
        Assert.Equal(16, Offset(ref r, ref r.SectorNumber));
        Assert.Equal(24, Offset(ref r, ref r.Segments[0]));
        Assert.Equal(32, Offset(ref r, ref r.Segments[1]));
        Assert.Equal(104, Offset(ref r, ref r.Segments[10]));
    }

    [Fact]
    public void ReadWriteRequest_X86_32_MatchesXen()
    {
        var r = default(BlkifRequestX86_32);
        Assert.Equal(108, Unsafe.SizeOf<BlkifRequestX86_32>());
        Assert.Equal(0, Offset(ref r, ref r.Operation));
        Assert.Equal(1, Offset(ref r, ref r.NrSegments));
        Assert.Equal(2, Offset(ref r, ref r.Handle));
        Assert.Equal(4, Offset(ref r, ref r.Id));
        Assert.Equal(12, Offset(ref r, ref r.SectorNumber));
        Assert.Equal(20, Offset(ref r, ref r.Segments[0]));
        Assert.Equal(28, Offset(ref r, ref r.Segments[1]));
        Assert.Equal(100, Offset(ref r, ref r.Segments[10]));
    }

    [Fact]
    public void DiscardRequest_BothAbis_MatchXen()
    {
        var a = default(BlkifDiscardRequestX86_64);
        Assert.Equal(32, Unsafe.SizeOf<BlkifDiscardRequestX86_64>());
        Assert.Equal([0, 1, 2, 8, 16, 24], new[]
        {
            Offset(ref a, ref a.Operation), Offset(ref a, ref a.Flag), Offset(ref a, ref a.Handle),
            Offset(ref a, ref a.Id), Offset(ref a, ref a.SectorNumber), Offset(ref a, ref a.NrSectors),
        });
        var b = default(BlkifDiscardRequestX86_32);
        Assert.Equal(28, Unsafe.SizeOf<BlkifDiscardRequestX86_32>());
        Assert.Equal([0, 1, 2, 4, 12, 20], new[]
        {
            Offset(ref b, ref b.Operation), Offset(ref b, ref b.Flag), Offset(ref b, ref b.Handle),
            Offset(ref b, ref b.Id), Offset(ref b, ref b.SectorNumber), Offset(ref b, ref b.NrSectors),
        });
    }

    [Fact]
    public void IndirectRequest_BothAbis_MatchXen()
    {
        var a = default(BlkifIndirectRequestX86_64);
        Assert.Equal(64, Unsafe.SizeOf<BlkifIndirectRequestX86_64>());
        Assert.Equal([0, 1, 2, 8, 16, 24, 28], new[]
        {
            Offset(ref a, ref a.Operation), Offset(ref a, ref a.IndirectOp), Offset(ref a, ref a.NrSegments),
            Offset(ref a, ref a.Id), Offset(ref a, ref a.SectorNumber), Offset(ref a, ref a.Handle),
            Offset(ref a, ref a.IndirectGrefs[0]),
        });
        var b = default(BlkifIndirectRequestX86_32);
        Assert.Equal(64, Unsafe.SizeOf<BlkifIndirectRequestX86_32>());
        Assert.Equal([0, 1, 2, 4, 12, 20, 24], new[]
        {
            Offset(ref b, ref b.Operation), Offset(ref b, ref b.IndirectOp), Offset(ref b, ref b.NrSegments),
            Offset(ref b, ref b.Id), Offset(ref b, ref b.SectorNumber), Offset(ref b, ref b.Handle),
            Offset(ref b, ref b.IndirectGrefs[0]),
        });
    }

    [Fact]
    public void Response_BothAbis_MatchXen()
    {
        var a = default(BlkifResponseX86_64);
        Assert.Equal(16, Unsafe.SizeOf<BlkifResponseX86_64>());
        Assert.Equal([0, 8, 10], new[] { Offset(ref a, ref a.Id), Offset(ref a, ref a.Operation), Offset(ref a, ref a.Status) });
        var b = default(BlkifResponseX86_32);
        Assert.Equal(12, Unsafe.SizeOf<BlkifResponseX86_32>());
        Assert.Equal([0, 8, 10], new[] { Offset(ref b, ref b.Id), Offset(ref b, ref b.Operation), Offset(ref b, ref b.Status) });
    }

    private static int Offset<TStruct, TField>(ref TStruct s, ref TField field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<TStruct, byte>(ref s), ref Unsafe.As<TField, byte>(ref field));
}
