namespace Backprop.Functional.Autodiff;

/// <summary>An expected failure inside a run (a missing parameter, say); the runner turns it into an error value.</summary>
internal sealed class DiffException(string message) : Exception(message);
