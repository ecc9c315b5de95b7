using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

public class ReluTests
{
    [Property]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(RuleCases.Matrix(s => Generators.AwayFromZero(s)), c => GradCheck.Rule("Relu", Functional.Rules.Rule.Relu, c.X, c.Key).ToProperty());
}
