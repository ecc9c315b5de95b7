using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.ShapeCases;

namespace Backprop.Functional.Tests.Rules;

public class AddTests
{
    [Property]
    public Property Pullbacks_match_finite_differences() =>
        Prop.ForAll(RuleCases.Pair(), c => GradCheck.Rule("Add", Functional.Rules.Rule.Add, c.X, c.Y, c.Key).ToProperty());

    /// <summary>The rule takes equal shapes only (broadcasting is the tensor operator's job), so [2, 3] with [3] is a shape error.</summary>
    [Fact]
    public void Rejects_shapes_that_would_broadcast() =>
        Assert.Contains("'+' needs equal shapes, got [2, 3] and [3]",
            Assert.Throws<ShapeException>(() => Functional.Rules.Rule.Add(Z(2, 3), Z(3))).Message);
}
