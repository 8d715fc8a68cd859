using System.Net;
using System.Reflection;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Conventions;

public class ConventionTests
{
    private static readonly Assembly Sdk = typeof(TixalloClient).Assembly;

    private static IEnumerable<MethodInfo> PublicMethods() =>
        Sdk.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType!.Assembly == Sdk); // a framework override (Stream.ReadAsync) keeps the framework's shape

    private static bool IsAsync(MethodInfo method) =>
        typeof(Task).IsAssignableFrom(method.ReturnType)
        || method.ReturnType == typeof(ValueTask)
        || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() is var definition
            && (definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>)));

    [Test]
    public void EveryPublicAsyncMethod_EndsInAsync_AndTakesACancellationTokenLast()
    {
        var asyncMethods = PublicMethods().Where(IsAsync).ToList();
        Assert.That(asyncMethods, Is.Not.Empty);

        Assert.Multiple(() =>
        {
            foreach (var method in asyncMethods)
            {
                var name = $"{method.DeclaringType!.Name}.{method.Name}";
                Assert.That(method.Name, Does.EndWith("Async"), name);
                var last = method.GetParameters().LastOrDefault();
                Assert.That(last?.ParameterType, Is.EqualTo(typeof(CancellationToken)), $"{name}: last parameter");
                Assert.That(last?.Name, Is.EqualTo("cancellationToken"), name);
                Assert.That(last?.HasDefaultValue, Is.True, $"{name}: the token is optional");
            }
        });
    }

    [Test]
    public void EveryResourceClient_IsAnInterfaceOnTheClient_WithAnImplementation()
    {
        var resources = typeof(ITixalloClient).GetProperties();
        Assert.That(resources.Select(p => p.Name), Is.EquivalentTo(new[] { "Tickets", "Messages", "Templates", "Attachments" }));

        foreach (var resource in resources)
        {
            Assert.That(resource.PropertyType.IsInterface, Is.True, resource.Name);
            Assert.That(Sdk.GetTypes().Any(t => t.IsClass && resource.PropertyType.IsAssignableFrom(t)), Is.True, $"{resource.PropertyType.Name} has an implementation");
        }
    }

    [Test]
    public void PublicTypesLiveInTixalloClient_InternalsInTheirFolderNamespaces()
    {
        var types = Sdk.GetTypes()
            .Where(t => !t.IsNested && t.Namespace?.StartsWith("Tixallo.Client", StringComparison.Ordinal) == true
                && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .ToList();

        Assert.That(types.Where(t => t.IsPublic).Select(t => t.Namespace).Distinct(), Is.EqualTo(new[] { "Tixallo.Client" }));
        Assert.That(types.Where(t => !t.IsPublic && t.Namespace == "Tixallo.Client").Select(t => t.Name), Is.Empty);
    }

    [Test]
    public void EveryPublicException_DerivesFromTixalloException()
    {
        var exceptions = Sdk.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        Assert.That(exceptions, Has.Count.GreaterThanOrEqualTo(13));
        Assert.That(exceptions, Is.All.Matches<Type>(t => typeof(TixalloException).IsAssignableFrom(t)));
    }

    private static IEnumerable<TestCaseData> IdParameters() =>
        from resource in typeof(ITixalloClient).GetProperties()
        from method in resource.PropertyType.GetMethods()
        from parameter in method.GetParameters()
        where parameter.ParameterType == typeof(string) && parameter.Name!.EndsWith("Id", StringComparison.Ordinal)
        select new TestCaseData(resource, method, parameter.Name).SetName($"{resource.Name}_{method.Name}_Empty_{parameter.Name}_Throws");

    [TestCaseSource(nameof(IdParameters))]
    public void EveryIdParameter_Empty_ThrowsArgumentExceptionNamingIt_BeforeAnyRequest(PropertyInfo resource, MethodInfo method, string parameterName)
    {
        using var stub = new StubHandler();
        stub.Respond(HttpStatusCode.OK, "{}");
        using var client = TestClients.Create(stub);
        using var content = new MemoryStream([1]);
        var arguments = method.GetParameters().Select(p => p.Name == parameterName ? string.Empty : ValidArgument(p, content)).ToArray();

        var error = Assert.Catch<ArgumentException>(() =>
        {
            try
            {
                var result = method.Invoke(resource.GetValue(client), arguments);
                (result as Task)?.GetAwaiter().GetResult();
            }
            catch (TargetInvocationException e)
            {
                throw e.InnerException!;
            }
        });

        Assert.That(error!.ParamName, Is.EqualTo(parameterName));
        Assert.That(stub.Requests, Is.Empty);
    }

    private static object? ValidArgument(ParameterInfo parameter, Stream content) => parameter.ParameterType switch
    {
        var t when t == typeof(string) && parameter.Name == "contentType" => "text/plain",
        var t when t == typeof(string) => "value_1",
        var t when t == typeof(Stream) => content,
        var t when t == typeof(CancellationToken) => CancellationToken.None,
        var t when t == typeof(CreateMessageRequest) => new CreateMessageRequest { Body = "b" },
        var t when t == typeof(UpdateTicketRequest) => new UpdateTicketRequest(),
        var t when t == typeof(UpdateTemplateRequest) => new UpdateTemplateRequest(),
        _ => null,
    };
}
