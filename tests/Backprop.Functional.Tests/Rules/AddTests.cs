using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

public class AddTests
{
    [Property]
    public Property Pullbacks_match_finite_differences() =>
        Prop.ForAll(RuleCases.Pair(), c => GradCheck.Rule("Add", Functional.Rules.Rule.Add, c.X, c.Y, c.Key).ToProperty());
}
