namespace BlkTrace.Tests.Replay;

public class XdfContractTests : StrategyContract
{
    protected override string Strategy => "xdf";
}
