using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>The extra-arguments channel: a plateau cut that reads the loss, gradient noise that reads a key.</summary>
public class ExtraArgsTests
{
    private static readonly Params<double> P = Params<double>.Empty.With("w", Tensor.Vector(1.0, -2.0));

    [Fact]
    public void The_plateau_cut_halves_the_scale_after_patience_updates_without_improvement()
    {
        var opt = Transforms.ScaleOnPlateau(0.5, patience: 2);
        var s = opt.Init(P);
        var scales = new List<double>();
        foreach (var loss in new[] { 3.0, 2.0, 2.5, 2.1, 2.2, 1.0, 1.5, 1.5 })
        {
            (var u, s) = opt.Update(P, s, P, new ExtraArgs<double>(Loss: loss));
            scales.Add(u["w"][0]);
        }
        // best 3, 2 (improved), then two without: cut to 0.5; 2.2 one more; 1.0 improves; 1.5, 1.5: cut to 0.25.
        Assert.Equal([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25], scales);
        Assert.Equal(1.0, s.Scalar("best"));
        Assert.Equal(0, s.Count("count"));
    }

    [Fact]
    public void The_plateau_cut_without_a_loss_says_what_it_needs()
    {
        var opt = Transforms.ScaleOnPlateau(0.5, 3);
        Assert.StartsWith("plateau needs the step's loss",
            Assert.Throws<InvalidOperationException>(() => opt.Update(P, opt.Init(P), P, ExtraArgs<double>.None)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Transforms.ScaleOnPlateau(1.0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Transforms.ScaleOnPlateau(0.5, 0));
    }

    [Fact]
    public void Noise_is_a_function_of_the_key_and_shrinks_with_the_count()
    {
        var big = Params<double>.Empty.With("w", Tensor<double>.Zeros(new Shape(20_000)));
        var opt = Transforms.AddNoise(0.01, 0.55);
        var s = opt.Init(big);
        var (a, s1) = opt.Update(big, s, big, new ExtraArgs<double>(Key: Key.Create(1)));
        var (same, _) = opt.Update(big, s, big, new ExtraArgs<double>(Key: Key.Create(1)));
        var (other, _) = opt.Update(big, s, big, new ExtraArgs<double>(Key: Key.Create(2)));
        Assert.Equal(a["w"].ToArray(), same["w"].ToArray());
        Assert.NotEqual(a["w"].ToArray(), other["w"].ToArray());
        double Std(Params<double> u) => Math.Sqrt(u["w"].Dot(u["w"]) / 20_000);
        Assert.Equal(Math.Sqrt(0.01), Std(a), 0.003);                       // t = 0: σ² = η
        for (var i = 0; i < 9; i++) (_, s1) = opt.Update(big, s1, big, new ExtraArgs<double>(Key: Key.Create(1)));
        var (late, _) = opt.Update(big, s1, big, new ExtraArgs<double>(Key: Key.Create(1)));
        Assert.Equal(Math.Sqrt(0.01 / Math.Pow(11, 0.55)), Std(late), 0.002); // t = 10
        Assert.StartsWith("noise needs a key", Assert.Throws<InvalidOperationException>(() => opt.Update(big, s, big, ExtraArgs<double>.None)).Message);
    }
}
