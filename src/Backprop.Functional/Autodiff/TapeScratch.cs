using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// The working collections of one run: the Wengert list, the scope counters, the parameter vars, the interpreter's
/// frames and, for the backward pass, the cotangents and the leaves' gradients. A run that ends with its tape
/// (Init, Run, ValueAndGrad) rents them from its thread and gives them back cleared, so a training step reuses
/// their memory instead of allocating it again; nothing a run returns points into them. The scope paths built
/// here are kept between runs, since a path is a pure function of its parts, so a step builds no strings.
/// </summary>
internal sealed class TapeScratch<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal const int MaxPaths = 4096;                                     // a program naming scopes afresh each run cannot grow this without bound

    [ThreadStatic] private static TapeScratch<T>? free;

    public List<Tensor<T>> Tangents { get; } = [];
    public List<Var<T>> Made { get; } = [];
    public List<TapeEntry<T>> Entries { get; } = new(16);                  // a small MLP's step fits without growing
    public Stack<string> Enclosing { get; } = new();
    public Dictionary<(string Parent, string Name), int> NameCounts { get; } = [];
    public Dictionary<string, Var<T>> ParamVars { get; } = [];
    public Stack<Interpreter.Frame> Frames { get; } = new();
    private readonly Dictionary<string, Tensor<T>> leaves = [];
    private readonly Dictionary<(string Parent, string Name, int Count), string> scopePaths = [];
    private readonly Dictionary<(string Scope, string Name), string> paths = [];
    private Tensor<T>?[] cotangents = [];

    /// <summary>True for scratch rented from the thread (its tape ends with its run); false for a tape that outlives it.</summary>
    public bool Rented { get; private init; }

    /// <summary>This thread's scratch when it is free (a run inside a run gets a fresh one), for a run whose tape ends with it.</summary>
    public static TapeScratch<T> Rent()
    {
        var scratch = free ?? new() { Rented = true };
        free = null;
        return scratch;
    }

    /// <summary>Clears everything the run put here and makes it this thread's free scratch again.</summary>
    public void Return()
    {
        Tangents.Clear();
        Made.Clear();
        Entries.Clear();
        Enclosing.Clear();
        NameCounts.Clear();
        ParamVars.Clear();
        Frames.Clear();
        leaves.Clear();
        Array.Clear(cotangents);
        free = this;
    }

    /// <summary>How many scope paths and parameter paths are memoised (at most MaxPaths of each).</summary>
    internal int PathsKept => scopePaths.Count + paths.Count;

    /// <summary>"name_count" under <paramref name="parent"/> ("dense_2", or "mlp_1/dense_2").</summary>
    public string ScopePath(string parent, string name, int count) =>
        Memo(scopePaths, (parent, name, count), static k => k.Item1.Length == 0 ? $"{k.Item2}_{k.Item3}" : $"{k.Item1}/{k.Item2}_{k.Item3}");

    /// <summary>The path of <paramref name="name"/> in <paramref name="scope"/> ("mlp_1/dense_2/w").</summary>
    public string PathOf(string scope, string name) =>
        scope.Length == 0 ? name : Memo(paths, (scope, name), static k => k.Item1 + "/" + k.Item2);

    /// <summary>Cleared cotangent slots for a backward pass over <paramref name="count"/> nodes (rented scratch keeps the array).</summary>
    public Tensor<T>?[] Cotangents(int count)
    {
        if (!Rented) return new Tensor<T>?[count];
        if (cotangents.Length < count) cotangents = new Tensor<T>?[Math.Max(count, 2 * cotangents.Length)];
        else Array.Clear(cotangents, 0, count);
        return cotangents;
    }

    /// <summary>An empty map for the leaves' gradients of a backward pass (rented scratch reuses its own).</summary>
    public Dictionary<string, Tensor<T>> Leaves()
    {
        if (!Rented) return [];
        leaves.Clear();
        return leaves;
    }

    private static string Memo<K>(Dictionary<K, string> memo, K key, Func<K, string> make) where K : notnull
    {
        if (memo.TryGetValue(key, out var path)) return path;
        if (memo.Count >= MaxPaths) memo.Clear();
        return memo[key] = make(key);
    }
}
