namespace Tixallo.Client;

/// <summary>Which of the API's error body shapes a <see cref="TixalloApiException"/> was decoded from.</summary>
public enum TixalloErrorShape
{
    /// <summary>The body was empty, not JSON, or JSON of no known shape.</summary>
    Unknown = 0,

    /// <summary>The live shape: <c>{"error": "…", "details": {"fieldErrors": {…}, "formErrors": […]}}</c>.</summary>
    Legacy = 1,

    /// <summary>The planned envelope: <c>{"error": {"code": "…", "message": "…", "details": {…}}}</c>.</summary>
    Envelope = 2,

    /// <summary>The localised shape: <c>{"key": "api-errors.…", "params": {…}, "fallbackMessage": "…"}</c>.</summary>
    Localized = 3,
}
