using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class Conv2dTests
{
    [Property(MaxTest = 60)]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Conv2d))]
    public Property Pullbacks_match_finite_differences() =>
        Prop.ForAll(Cases.Convs(), c =>
            GradCheck.Rule($"conv2d {c}", (x, w) => Rule.Conv2d(x, w, c.Stride, c.Padding), c.X, c.W, c.Key).ToProperty());

    [Property(MaxTest = 60)]
    public Property Forward_equals_the_direct_sum(/* the definition, as an oracle for im2col + GEMM */) =>
        Prop.ForAll(Cases.Convs(), c =>
        {
            var y = Rule.Conv2d(c.X, c.W, c.Stride, c.Padding).Value;
            var direct = Direct(c.X, c.W, c.Stride, c.Padding);
            return (y.Shape == direct.Shape && (y - direct).MaxAbs() < 1e-12).Label($"{y.Shape} vs {direct.Shape}");
        });

    [Fact]
    public void A_3x3_kernel_of_ones_on_a_4x4_input_sums_each_window()
    {
        // Input 1..16 row by row; each output is the sum of a 3x3 window, added up by hand:
        // 1+2+3+5+6+7+9+10+11 = 54, then 63, 90, 99.
        var x = Tensor.Create(new Shape(1, 1, 4, 4), Enumerable.Range(1, 16).Select(i => (double)i).ToArray());
        var w = Tensor<double>.Ones(new Shape(1, 1, 3, 3));
        Assert.Equal([54.0, 63, 90, 99], Rule.Conv2d(x, w).Value.ToArray());
        // Padding 1, stride 2: windows centred on (0,0), (0,2), (2,0), (2,2); the zero border drops out:
        // 1+2+5+6 = 14; 2+3+4+6+7+8 = 30; 5+6+9+10+13+14 = 57; 6+7+8+10+11+12+14+15+16 = 99.
        var y = Rule.Conv2d(x, w, stride: 2, padding: 1).Value;
        Assert.Equal(new Shape(1, 1, 2, 2), y.Shape);
        Assert.Equal([14.0, 30, 57, 99], y.ToArray());
    }

    [Fact]
    public void Two_output_channels_see_all_input_channels()
    {
        // x: channel 0 all 1, channel 1 all 2 (2x2); kernel 1x1: out0 = 1·c0 + 10·c1 = 21, out1 = −1·c0 + 0·c1 = −1.
        var x = Tensor.Create(new Shape(1, 2, 2, 2), 1.0, 1, 1, 1, 2, 2, 2, 2);
        var w = Tensor.Create(new Shape(2, 2, 1, 1), 1.0, 10, -1, 0);
        Assert.Equal([21.0, 21, 21, 21, -1, -1, -1, -1], Rule.Conv2d(x, w).Value.ToArray());
    }

    [Fact]
    public void A_kernel_larger_than_the_padded_input_is_a_shape_error()
    {
        var e = Assert.Throws<ShapeException>(() => Rule.Conv2d(Tensor<double>.Zeros(new Shape(1, 1, 4, 4)), Tensor<double>.Zeros(new Shape(1, 1, 7, 7)), padding: 1));
        Assert.Contains("kernel 7x7 does not fit the padded input 6x6", e.Message);
    }

    private static Tensor<double> Direct(Tensor<double> x, Tensor<double> w, int s, int p)
    {
        int b = x.Shape[0], cin = x.Shape[1], h = x.Shape[2], wd = x.Shape[3], cout = w.Shape[0], k = w.Shape[2];
        int oh = (h + 2 * p - k) / s + 1, ow = (wd + 2 * p - k) / s + 1;
        var y = new double[b * cout * oh * ow];
        for (var n = 0; n < b; n++)
            for (var o = 0; o < cout; o++)
                for (var i = 0; i < oh; i++)
                    for (var j = 0; j < ow; j++)
                    {
                        var sum = 0.0;
                        for (var c = 0; c < cin; c++)
                            for (var u = 0; u < k; u++)
                                for (var v = 0; v < k; v++)
                                {
                                    int yy = i * s + u - p, xx = j * s + v - p;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < wd) sum += x[n, c, yy, xx] * w[o, c, u, v];
                                }
                        y[((n * cout + o) * oh + i) * ow + j] = sum;
                    }
        return Tensor<double>.FromSpan(new Shape(b, cout, oh, ow), y);
    }
}
