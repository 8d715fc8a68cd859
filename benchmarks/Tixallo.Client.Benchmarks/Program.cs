using System.Globalization;
using BenchmarkDotNet.Running;
using Tixallo.Client.Benchmarks;

// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --filter '*'            the BenchmarkDotNet tables
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --concurrency [calls]    the 64-caller run
// dotnet run -c Release --project benchmarks/Tixallo.Client.Benchmarks -- --paired [blocks] [get|error404] [InMemory|Loopback]
//                                                                                                  overhead in interleaved pairs
if (args.Length > 0 && args[0] == "--paired")
{
    await PairedRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200,
        args.Length > 2 ? args[2] : "get",
        args.Length > 3 ? Enum.Parse<Transport>(args[3]) : Transport.InMemory,
        Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "--concurrency")
{
    var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
    return await ConcurrencyRun.RunAsync(calls, callers: 64, Console.Out);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(ClientBenchmarks).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
