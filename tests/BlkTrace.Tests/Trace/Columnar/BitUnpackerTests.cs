using BlkTrace.Trace.Storage.Columnar;

namespace BlkTrace.Tests.Trace.Columnar;

public class BitUnpackerTests
{
    [Fact]
    public void DecodeHybrid_SpecBitPackedExample_ZeroToSeven()
    {
        // parquet-format Encodings.md: 0..7 bit-packed at width 3 is 10001000 11000110 11111010.
        byte[] data = [0x03, 0x88, 0xC6, 0xFA];
        var values = new int[8];
        int used = BitUnpacker.DecodeHybrid(data, 3, values);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], values);
        Assert.Equal(4, used);
    }

    [Fact]
    public void DecodeHybrid_RleRunThenBitPacked_ValuesInOrder()
    {
        // A run of 5 ones, then one bit-packed group of 8 levels 1,0,1,0,1,0,1,0 (LSB first).
        byte[] data = [0x0A, 0x01, 0x03, 0x55];
        var values = new int[13];
        BitUnpacker.DecodeHybrid(data, 1, values);
        Assert.Equal([1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0], values);
    }

    [Fact]
    public void DecodeHybrid_RunPastTheEnd_InvalidData()
    {
        byte[] data = [0x03];
        Assert.Throws<InvalidDataException>(() => BitUnpacker.DecodeHybrid(data, 3, new int[8]));
    }

    [Fact]
    public void DeltaBinaryPacked_SpecExampleOneToFive_Decoded()
    {
        // Encodings.md example 1: 1..5 → block 128, 4 miniblocks, 5 values, first 1, min delta 1, widths 0.
        byte[] data = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00];
        var values = new long[5];
        DeltaBinaryPacked.Decode(data, values);
        Assert.Equal([1L, 2, 3, 4, 5], values);
    }

    [Fact]
    public void DeltaBinaryPacked_SpecExampleTwo_Decoded()
    {
        // Encodings.md example 2: 7, 5, 3, 1, 2, 3, 4, 5 → deltas -2,-2,-2,1,1,1,1, min -2, widths 2 (0,0,0,3,3,3,3).
        byte[] data =
        [
            0x80, 0x01, 0x04, 0x08, 0x0E, // header: 128, 4, 8, zigzag(7)
            0x03, 0x02, 0x00, 0x00, 0x00, // min delta zigzag(-2)=3; widths 2,0,0,0
            0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 32 values of 2 bits: 0,0,0,3,3,3,3,0...
        ];
        var values = new long[8];
        DeltaBinaryPacked.Decode(data, values);
        Assert.Equal([7L, 5, 3, 1, 2, 3, 4, 5], values);
    }

    [Fact]
    public void DeltaBinaryPacked_TruncatedBlock_InvalidData()
    {
        byte[] data = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02];
        Assert.Throws<InvalidDataException>(() => DeltaBinaryPacked.Decode(data, new long[8]));
    }

    [Fact]
    public void Get_Width64AcrossBytes_WholeValue()
    {
        var data = new byte[17];
        // Value 1 at width 64 starts at bit 64: bytes 8..15.
        BitConverter.TryWriteBytes(data.AsSpan(8), ulong.MaxValue - 5);
        Assert.Equal(ulong.MaxValue - 5, BitUnpacker.Get(data, 1, 64));
    }
}
