using BlkTrace.Dom0;

return await Dom0App.RunAsync(args).ConfigureAwait(false);
