using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

public class TanhTests
{
    [Property]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(RuleCases.Matrix(), c => GradCheck.Rule("Tanh", Functional.Rules.Rule.Tanh, c.X, c.Key).ToProperty());
}
