using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Tensors;

public class KeyTests
{
    [Property]
    public bool Same_key_same_numbers(int seed) =>
        Key.Create(seed).Normal<double>(new Shape(16)).ToArray().SequenceEqual(Key.Create(seed).Normal<double>(new Shape(16)).ToArray());

    [Property]
    public bool Split_keys_differ_from_each_other_and_the_parent(int seed)
    {
        var key = Key.Create(seed);
        var (a, b) = key.Split();
        return a != b && a != key && b != key && key.Split(5).Distinct().Count() == 5;
    }

    [Property]
    public Property Permutation_is_a_permutation() =>
        Prop.ForAll(Gen.Choose(0, 200).ToArbitrary(), n => Key.Create(n).Permutation(n).Order().SequenceEqual(Enumerable.Range(0, n)));

    [Fact]
    public void Normal_draws_have_unit_moments()
    {
        var x = Key.Create(3).Normal<double>(new Shape(100_000)).ToArray();
        Assert.InRange(x.Average(), -0.01, 0.01);
        Assert.InRange(x.Select(v => v * v).Average(), 0.99, 1.01);
    }

    [Fact]
    public void Uniform_draws_stay_in_range()
    {
        var x = Key.Create(4).Uniform(new Shape(10_000), -2f, 3f).ToArray();
        Assert.All(x, v => Assert.InRange(v, -2f, 3f));
        Assert.InRange(x.Average(), 0.45, 0.55);
    }
}
