namespace Tixallo.Client.Testing;

/// <summary>Ends a request of the fake with an error answer; caught once, where the request is dispatched.</summary>
internal sealed class ApiFailureException(ApiFailure failure) : Exception(failure.Message)
{
    public ApiFailure Failure { get; } = failure;
}
