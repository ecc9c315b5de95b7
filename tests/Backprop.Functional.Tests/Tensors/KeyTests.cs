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

    // The stream is pinned: the numbers a seed gives never change. Mix is SplitMix64's finaliser (Steele, Lea & Flood 2014;
    // Vigna's splitmix64.c), so Bits(0) of a key is Mix of its value (Mix(0) = 0), and SplitMix64 seeded with 1234567
    // gives 6457827717110365317, 3203168211198807973, 9817491932198370423 (the reference generator's first outputs).
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private static ulong Mix(ulong z) => new Key(z).Bits(0);

    [Fact]
    public void Mix_is_the_splitmix64_finaliser()
    {
        Assert.Equal(6457827717110365317UL, Mix(1234567 + Golden));
        Assert.Equal(3203168211198807973UL, Mix(unchecked(1234567 + 2 * Golden)));
        Assert.Equal(9817491932198370423UL, Mix(unchecked(1234567 + 3 * Golden)));
        Assert.Equal(0UL, Mix(0));
    }

    [Property]
    public bool The_stream_is_defined_by_mix(int seed, int i)
    {
        var key = Key.Create(seed);
        var n = (uint)i % 1000;
        var bits = Mix(key.Value + Mix(n) * 0xBF58476D1CE4E5B9UL);
        var (u1, u2) = (1.0 - key.UniformAt(2 * n), key.UniformAt(2 * n + 1));
        return key.Value == Mix((ulong)(uint)seed ^ 0xD1B54A32D192ED03UL)
            && key.Bits(n) == bits
            && key.UniformAt(n) == (bits >> 11) * Math.Pow(2, -53)
            && key.NormalAt(n) == Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2)
            && key.FoldIn(i).Value == Mix(key.Value ^ Mix((ulong)(uint)i + Golden))
            && key.Split().Left.Value == Mix(key.Value ^ Mix(0x632BE59BD9B4E019UL))
            && key.Split().Right.Value == Mix(key.Value ^ Mix(0x5851F42D4C957F2DUL + 0x632BE59BD9B4E019UL))
            && key.Split(3).SequenceEqual([key.Split().Left, key.Split().Right, new Key(Mix(key.Value ^ Mix(unchecked(2 * 0x5851F42D4C957F2DUL + 0x632BE59BD9B4E019UL))))]);
    }

    [Property]
    public bool Draws_are_the_streams_numbers_scaled(int seed)
    {
        var key = Key.Create(seed);
        var uniform = key.Uniform(new Shape(2, 3), -2.0, 3.0).ToArray();
        var normal = key.Normal(new Shape(5), 0.5).ToArray();
        return uniform.Select((u, i) => u == -2.0 + 5.0 * key.UniformAt(i)).All(b => b)
            && normal.Select((v, i) => v == 0.5 * key.NormalAt(i)).All(b => b);
    }

    [Property]
    public bool A_permutation_is_fisher_yates_on_the_stream(int seed)
    {
        var key = Key.Create(seed);
        var n = 1 + (int)((uint)seed % 20);
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)(((UInt128)key.Bits(i) * (ulong)(i + 1)) >> 64);     // ⌊bits · (i + 1) / 2⁶⁴⌋, in [0, i]
            (p[i], p[j]) = (p[j], p[i]);
        }
        return key.Permutation(n).SequenceEqual(p);
    }

    [Fact]
    public void A_key_shows_its_value_in_hex()
    {
        Assert.Equal("Key(00000000000004D2)", new Key(1234).ToString());
    }
}
