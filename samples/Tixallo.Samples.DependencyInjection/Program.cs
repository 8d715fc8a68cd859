using Tixallo.Samples.DependencyInjection;

return await DependencyInjectionSample.RunAsync(args, Console.Out);
