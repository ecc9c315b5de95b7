using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class AugmentTests
{
    /// <summary>One 4×4 image per example whose pixel (r, c) holds 1 + 10·r + c (+ 100·example).</summary>
    private static Tensor<float> Images(int n) =>
        Tensor.Create(new Shape(n, 16), [.. Enumerable.Range(0, n * 16).Select(i => 1f + 100 * (i / 16) + 10 * (i % 16 / 4) + i % 4)]);

    [Fact]
    public void The_same_key_gives_the_same_shifts_and_another_key_others()
    {
        var x = Images(32);
        var a = Augment.Shift(x, Key.Create(1), 2, 4, 4);
        Assert.Equal(a.Span.ToArray(), Augment.Shift(x, Key.Create(1), 2, 4, 4).Span.ToArray());
        Assert.NotEqual(a.Span.ToArray(), Augment.Shift(x, Key.Create(2), 2, 4, 4).Span.ToArray());
        Assert.Equal(x.Shape, a.Shape);
    }

    [Fact]
    public void No_shift_is_the_identity()
    {
        var x = Images(3);
        Assert.Equal(x.Span.ToArray(), Augment.Shift(x, Key.Create(0), 0, 4, 4).Span.ToArray());
    }

    /// <summary>Every output pixel is zero or the input pixel (dy, dx) away, with one (dy, dx) per example, |dy|, |dx| ≤ max.</summary>
    [Property(MaxTest = 50)]
    public Property Each_example_is_its_image_translated_with_zeros_shifted_in() =>
        Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (seed, max) =>
        {
            var x = Images(8);
            var y = Augment.Shift(x, Key.Create(seed), max, 4, 4);
            return Enumerable.Range(0, 8).All(i =>
                Offsets(max).Any(o => Enumerable.Range(0, 16).All(p =>
                {
                    var (r, c) = (p / 4 - o.Dy, p % 4 - o.Dx);
                    var expected = r is >= 0 and < 4 && c is >= 0 and < 4 ? x[i, r * 4 + c] : 0f;
                    return y[i, p] == expected;
                })));
        });

    [Fact]
    public void Shifts_cover_the_whole_range()
    {
        var x = Tensor.Create(new Shape(400, 25), [.. Enumerable.Range(0, 400 * 25).Select(i => i % 25 == 12 ? 1f : 0f)]);
        var y = Augment.Shift(x, Key.Create(7), 2, 5, 5);
        var landed = Enumerable.Range(0, 400).Select(i => Enumerable.Range(0, 25).Single(p => y[i, p] == 1f)).Distinct().Count();
        Assert.Equal(25, landed);   // the centre pixel reaches every cell of the 5×5 window
    }

    [Fact]
    public void Channels_move_together_and_bad_shapes_are_rejected()
    {
        var x = Tensor.Create(new Shape(1, 2, 4, 4), [.. Enumerable.Range(0, 32).Select(i => (float)(i % 16 + 1))]);
        var y = Augment.Shift(x, Key.Create(3), 1, 4, 4).Span.ToArray();
        Assert.Equal(y[..16], y[16..]);
        Assert.Throws<ShapeException>(() => Augment.Shift(Tensor<float>.Zeros(new Shape(2, 15)), Key.Create(0), 1, 4, 4));
    }

    [Fact]
    public void The_shift_of_example_i_is_drawn_from_key_bits_2i_and_2i_plus_1()
    {
        // The derivation is the contract that makes a seed reproduce an augmented run: dy from Bits(2i), dx from Bits(2i + 1).
        var x = Tensor.Create(new Shape(50, 25), [.. Enumerable.Range(0, 50 * 25).Select(i => i % 25 == 12 ? 1f : 0f)]);
        var key = Key.Create(11);
        var y = Augment.Shift(x, key, 2, 5, 5);
        for (var i = 0; i < 50; i++)
        {
            var p = Enumerable.Range(0, 25).Single(q => y[i, q] == 1f);
            Assert.Equal(((int)(key.Bits(2L * i) % 5) - 2, (int)(key.Bits(2L * i + 1) % 5) - 2), (p / 5 - 2, p % 5 - 2));
        }
    }

    [Fact]
    public void Each_channel_moves_its_own_pixels()
    {
        // Channel 1 is channel 0 plus 100 where channel 0 is not zero: after the shift it still is.
        var x = Tensor.Create(new Shape(3, 2, 3, 3), [.. Enumerable.Range(0, 54).Select(i => (float)(i % 9 + 1 + 100 * (i / 9 % 2)))]);
        var y = Augment.Shift(x, Key.Create(4), 1, 3, 3);
        for (var i = 0; i < 3; i++)
            for (var p = 0; p < 9; p++)
                Assert.Equal(y[i, 0, p / 3, p % 3] == 0 ? 0f : y[i, 0, p / 3, p % 3] + 100, y[i, 1, p / 3, p % 3]);
    }

    [Fact]
    public void A_shift_as_wide_as_the_image_can_move_it_out_entirely()
    {
        // Max shift 5 on 2×2 images: most draws move the image wholly out (zeros); none fails.
        var x = Tensor<float>.Ones(new Shape(40, 4));
        var y = Augment.Shift(x, Key.Create(2), 5, 2, 2);
        Assert.InRange(Enumerable.Range(0, 40).Count(i => Enumerable.Range(0, 4).All(p => y[i, p] == 0)), 20, 40);
        Assert.Equal(new Shape(40, 4), y.Shape);
    }

    [Fact]
    public void An_empty_batch_shifts_to_an_empty_batch_and_bad_arguments_are_named()
    {
        Assert.Equal(new Shape(0, 16), Augment.Shift(Tensor<float>.Zeros(new Shape(0, 16)), Key.Create(0), 1, 4, 4).Shape);
        Assert.Equal("maxShift", Assert.Throws<ArgumentOutOfRangeException>(() => Augment.Shift(Images(1), Key.Create(0), -1, 4, 4)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => Augment.Shift(Images(1), Key.Create(0), 1, 0, 4)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => Augment.Shift(Images(1), Key.Create(0), 1, 4, 0)).ParamName);
        Assert.Throws<ShapeException>(() => Augment.Shift(Tensor<float>.Zeros(Shape.Scalar), Key.Create(0), 1, 1, 1));
        Assert.Throws<ShapeException>(() => Augment.Shift(Tensor<float>.Zeros(new Shape(16)), Key.Create(0), 1, 4, 4));
    }

    [Fact]
    public void A_data_set_is_shifted_with_its_labels_unchanged()
    {
        var d = new Dataset<float>(Images(4), [3, 1, 0, 2], 4);
        var shifted = Augment.Shift(d, Key.Create(9), 1, 4, 4);
        Assert.Equal(d.Labels, shifted.Labels);
        Assert.Equal(Augment.Shift(d.Features, Key.Create(9), 1, 4, 4).ToArray(), shifted.Features.ToArray());
    }

    private static IEnumerable<(int Dy, int Dx)> Offsets(int max) =>
        from dy in Enumerable.Range(-max, 2 * max + 1) from dx in Enumerable.Range(-max, 2 * max + 1) select (dy, dx);
}
