namespace BlkTrace.Tests.Replay;

public class ZeroByteContractTests : StrategyContract
{
    protected override string Strategy => "zero-byte";
}
