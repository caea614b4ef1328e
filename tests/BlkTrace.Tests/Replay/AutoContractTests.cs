namespace BlkTrace.Tests.Replay;

public class AutoContractTests : StrategyContract
{
    protected override string Strategy => "auto";
}
