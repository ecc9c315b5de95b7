using LanguageExt;

namespace Backprop.Functional.Autodiff;

/// <summary>For notebooks and scripts: the value, or an exception carrying the same message as the error.</summary>
public static class FinExtensions
{
    public static A OrThrow<A>(this Fin<A> fin) =>
        fin.Match(a => a, e => throw new InvalidOperationException(e.Message));
}
