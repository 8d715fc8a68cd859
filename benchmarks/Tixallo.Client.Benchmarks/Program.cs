using System.Globalization;
using BenchmarkDotNet.Running;
using Tixallo.Client.Benchmarks;

// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --filter '*'            the BenchmarkDotNet tables
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --concurrency [calls]    the 64-caller run
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --paired [rounds] [get|error404|page100|iterate1000] [InMemory|Loopback]
//                                                                                                  cost as a ratio to the baseline, in interleaved rounds
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --allocations calls call [InMemory|Loopback] "contestant" ...
//                                                                                                  a call's bytes by type, sampled, one contestant at a time
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --compression [rounds]   what asking for gzip and brotli costs on loopback
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --redis 127.0.0.1:6379 [n] a Redis permit's round trip
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --upload [rounds]        what Expect: 100-continue costs a small upload
if (args.Length > 0 && args[0] == "--serve")
{
    await ServerProcess.ServeAsync();
    return 0;
}

if (args.Length > 0 && args[0] == "--paired")
{
    await PairedRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100,
        args.Length > 2 ? args[2] : "get",
        args.Length > 3 ? Enum.Parse<Transport>(args[3]) : Transport.InMemory,
        Console.Out);
    return 0;
}

if (args.Length > 3 && args[0] == "--allocations")
{
    var transportNamed = Enum.TryParse<Transport>(args[3], out var transport);
    await AllocationRun.RunAsync(
        int.Parse(args[1], CultureInfo.InvariantCulture),
        args[2],
        transportNamed ? transport : Transport.InMemory,
        args[(transportNamed ? 4 : 3)..],
        Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "--compression")
{
    await CompressionRun.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300, Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "--upload")
{
    await UploadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200, Console.Out);
    return 0;
}

if (args.Length > 1 && args[0] == "--redis")
{
    await RedisRun.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000, Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "--concurrency")
{
    var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
    return await ConcurrencyRun.RunAsync(calls, callers: 64, Console.Out);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(ClientBenchmarks).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
