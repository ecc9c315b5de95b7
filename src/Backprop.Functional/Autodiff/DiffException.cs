namespace Backprop.Functional.Autodiff;

/// <summary>
/// An expected failure inside a run (a missing parameter, say); the runner turns it into an error value, prefixed
/// with the scope it happened in unless <paramref name="namesScope"/> says the message already names it.
/// </summary>
internal sealed class DiffException(string message, bool namesScope = false) : Exception(message)
{
    public bool NamesScope { get; } = namesScope;
}
