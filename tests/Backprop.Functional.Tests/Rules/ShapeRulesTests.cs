using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

/// <summary>Reshape, flatten, slice and concat: rules that only move data.</summary>
public class ShapeRulesTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Flatten))]
    public Property Flatten_pullback_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(4), c => GradCheck.Rule("flatten", Rule.Flatten, c.X, c.Key).ToProperty());

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.Reshape))]
    public Property Reshape_pullback_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(3), c =>
            GradCheck.Rule("reshape", x => Rule.Reshape(x, new Shape(x.Shape[2], x.Shape[0] * x.Shape[1])), c.X, c.Key).ToProperty());

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.Slice))]
    public Property Slice_pullback_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(3, minDim: 2), Arb.From(Gen.Choose(0, 100)), (c, r) =>
        {
            var n = c.X.Shape[1];
            int start = r % n, count = 1 + r / 7 % (n - start);
            return GradCheck.Rule($"slice {start}+{count} of {c.X.Shape}", x => Rule.Slice(x, start, count), c.X, c.Key).ToProperty();
        });

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.Concat))]
    public Property Concat_pullbacks_match_finite_differences() =>
        Prop.ForAll(Cases.Normals(3), Arb.From(Gen.Choose(1, 3)), (c, m) =>
        {
            var y = c.Key.Split().Left.Normal<double>(new Shape(c.X.Shape[0], m, c.X.Shape[2]));
            return GradCheck.Rule("concat", Rule.Concat, c.X, y, c.Key.Split().Right).ToProperty();
        });

    [Fact]
    public void Flatten_keeps_the_batch_axis()
    {
        Assert.Equal(new Shape(2, 60), Rule.Flatten(Tensor<double>.Zeros(new Shape(2, 3, 4, 5))).Value.Shape);
    }

    [Fact]
    public void Concat_then_slice_gives_the_parts_back()
    {
        var a = Tensor.Create(new Shape(2, 1, 2), 1.0, 2, 3, 4);
        var b = Tensor.Create(new Shape(2, 2, 2), 5.0, 6, 7, 8, 9, 10, 11, 12);
        var z = Rule.Concat(a, b).Value;
        Assert.Equal([1.0, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12], z.ToArray());
        Assert.Equal(b.ToArray(), Rule.Slice(z, 1, 2).Value.ToArray());
    }

    [Fact]
    public void Permute_takes_axes_counted_from_the_end()
    {
        var x = Tensor.Create(new Shape(2, 3), 1.0, 2, 3, 4, 5, 6);
        var pulled = Rule.Permute(x, -1, 0);
        Assert.Equal(new Shape(3, 2), pulled.Value.Shape);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], pulled.Value.ToArray());
        Assert.Equal(x.ToArray(), pulled.Pullback(pulled.Value).ToArray());
        Assert.Equal(new Shape(2, 3), pulled.Pullback(pulled.Value).Shape);
    }

    [Fact]
    public void Flatten_of_an_empty_batch_is_empty()
    {
        var y = Rule.Flatten(Tensor<double>.Zeros(new Shape(0, 3, 4))).Value;
        Assert.Equal(0, y.Shape[0]);
        Assert.Equal(0, y.Size);
    }

    /// <summary>
    /// During a gradient run tensors are built in recycled buffers: the pushforwards of concat must still give
    /// zeros in the other input's block. A buffer of 7s is given back to the pool first, so the next one of that size is it.
    /// </summary>
    [Fact]
    public void Concat_pushforwards_zero_the_other_block_in_a_recycled_buffer()
    {
        var pulled = Rule.Concat(Tensor.Create(new Shape(1, 1), 1.0), Tensor.Create(new Shape(1, 2), 2.0, 3));
        double[] Pushed(Func<Tensor<double>> f)
        {
            var stale = TensorArena<double>.Enter();
            Tensor<double>.Full(new Shape(1, 3), 7.0);
            stale.Exit([]);
            var arena = TensorArena<double>.Enter();
            var y = f().ToArray();
            arena.Exit([]);
            return y;
        }
        Assert.Equal([5.0, 0, 0], Pushed(() => pulled.PushforwardX!(Tensor.Create(new Shape(1, 1), 5.0))));
        Assert.Equal([0.0, 5, 6], Pushed(() => pulled.PushforwardY!(Tensor.Create(new Shape(1, 2), 5.0, 6))));
    }
}
