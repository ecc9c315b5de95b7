using LanguageExt;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>The message of a run's error, for asserting on it whole.</summary>
internal static class Errors
{
    public static string MessageOf<A>(Fin<A> result) => result.Match(_ => "no error", e => e.Message);
}
