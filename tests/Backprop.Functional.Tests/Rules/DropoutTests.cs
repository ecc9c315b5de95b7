using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class DropoutTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Dropout))]
    public Property Pullback_with_a_fixed_draw_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(2), Arb.From(Gen.Elements(0.0, 0.25, 0.5, 0.9)), (c, rate) =>
        {
            var u = c.Key.Split().Left.Uniform(c.X.Shape, 0.0, 1.0);
            return GradCheck.Rule($"dropout {rate}", x => Rule.Dropout(x, u, rate), c.X, c.Key.Split().Right).ToProperty();
        });

    [Fact]
    public void Survivors_are_scaled_by_one_over_keep_probability()
    {
        // rate 0.5: draws below 0.5 drop, the rest scale by 1/(1 − 0.5) = 2.
        var y = Rule.Dropout(Tensor.Vector(1.0, 2, 3, 4), Tensor.Vector(0.1, 0.5, 0.7, 0.49), 0.5).Value;
        Assert.Equal([0.0, 4, 6, 0], y.ToArray());
    }
}
