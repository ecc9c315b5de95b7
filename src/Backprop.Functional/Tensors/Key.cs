using System.Numerics;

namespace Backprop.Functional.Tensors;

/// <summary>
/// A splittable, counter-based random key (JAX style): the only source of randomness in the
/// library. A key is a value; the numbers it gives depend on the key alone, so the same key
/// gives the same numbers on every run and thread. Never draw twice from one key: split it.
/// </summary>
public readonly record struct Key(ulong Value)
{
    private const ulong SplitDomain = 0x5851F42D4C957F2DUL;

    public static Key Create(int seed) => new(Mix((ulong)(uint)seed ^ 0xD1B54A32D192ED03UL));

    /// <summary>Two independent keys. Use one now and keep the other for later.</summary>
    public (Key Left, Key Right) Split() => (Child(0), Child(1));

    /// <summary><paramref name="count"/> independent keys.</summary>
    public Key[] Split(int count) { var key = this; return Enumerable.Range(0, count).Select(i => key.Child((ulong)i)).ToArray(); }

    /// <summary>A key derived from this one and an integer (a step number, a layer index).</summary>
    public Key FoldIn(int data) => new(Mix(Value ^ Mix((ulong)(uint)data + 0x9E3779B97F4A7C15UL)));

    /// <summary>The i-th 64 random bits of this key's stream.</summary>
    public ulong Bits(long i) => Mix(Value + Mix((ulong)i) * 0xBF58476D1CE4E5B9UL);

    /// <summary>A double in [0, 1) from the i-th draw of the stream.</summary>
    public double UniformAt(long i) => (Bits(i) >> 11) * (1.0 / (1UL << 53));

    public Tensor<T> Uniform<T>(Shape shape, T low, T high) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var key = this;
        double lo = double.CreateChecked(low), width = double.CreateChecked(high) - lo;
        return Tensor<T>.Build(shape, d =>
        {
            for (var i = 0; i < d.Length; i++) d[i] = T.CreateChecked(lo + width * key.UniformAt(i));
        });
    }

    /// <summary>Standard normal draws (Box-Muller on the key's stream), scaled by <paramref name="std"/>.</summary>
    public Tensor<T> Normal<T>(Shape shape, T std) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var key = this;
        var s = double.CreateChecked(std);
        return Tensor<T>.Build(shape, d =>
        {
            for (var i = 0; i < d.Length; i++) d[i] = T.CreateChecked(s * key.NormalAt(i));
        });
    }

    public Tensor<T> Normal<T>(Shape shape) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Normal(shape, T.One);

    /// <summary>The i-th standard normal draw of the stream.</summary>
    public double NormalAt(long i)
    {
        var u1 = 1.0 - UniformAt(2 * i);          // (0, 1]: log is finite
        var u2 = UniformAt(2 * i + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates on the key's stream).</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)Math.BigMul(Bits(i), (ulong)(i + 1), out _);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    private Key Child(ulong i) => new(Mix(Value ^ Mix(i * SplitDomain + 0x632BE59BD9B4E019UL)));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public override string ToString() => $"Key({Value:X16})";
}
