namespace Tixallo.Client.Http;

/// <summary>
/// Which of the API's budgets a call spends, set by the resource client that builds it: the rate-limit gate holds
/// and probes each budget on its own, and an attachment 429 whose body names no limit is told apart by it.
/// </summary>
internal enum RateBudget : byte
{
    /// <summary>The key's and the address's request limits: every call spends them.</summary>
    Calls = 0,

    /// <summary>The workspace's attachment upload limit, on top of <see cref="Calls"/>.</summary>
    Uploads,

    /// <summary>The workspace's attachment download limit, on top of <see cref="Calls"/>.</summary>
    Downloads,
}
