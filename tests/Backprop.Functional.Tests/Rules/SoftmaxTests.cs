using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

public class SoftmaxTests
{
    [Property]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(RuleCases.Matrix(), c => GradCheck.Rule("Softmax", Functional.Rules.Rule.Softmax, c.X, c.Key).ToProperty());
}
