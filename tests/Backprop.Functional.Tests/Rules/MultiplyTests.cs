using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

public class MultiplyTests
{
    [Property]
    public Property Pullbacks_match_finite_differences() =>
        Prop.ForAll(RuleCases.Pair(), c => GradCheck.Rule("Multiply", Functional.Rules.Rule.Multiply, c.X, c.Y, c.Key).ToProperty());
}
