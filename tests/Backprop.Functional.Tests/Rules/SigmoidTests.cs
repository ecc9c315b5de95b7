using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

public class SigmoidTests
{
    [Property]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(RuleCases.Matrix(), c => GradCheck.Rule("Sigmoid", Functional.Rules.Rule.Sigmoid, c.X, c.Key).ToProperty());
}
