namespace BlkTrace.Tests.Replay;

public class CacheReplayContractTests : StrategyContract
{
    protected override string Strategy => "cache-replay";
}
