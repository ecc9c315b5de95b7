using System.Numerics;

namespace Backprop.Functional.Tensors;

/// <summary>
/// Where the buffers of a gradient run come from. While an arena is active on a thread, every
/// tensor that rules build is rented from a per-thread pool and recorded; when the run is over,
/// the runner gives back every buffer that did not escape (gradients, state and auxiliary outputs
/// escape), so a steady-state training step reuses the same memory instead of churning the GC.
/// Purely an allocation strategy: no value ever depends on it.
/// </summary>
internal sealed class TensorArena<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int MaxPooledPerLength = 64;

    [ThreadStatic] private static TensorArena<T>? current;
    [ThreadStatic] private static Dictionary<int, Stack<T[]>>? free;
    [ThreadStatic] private static HashSet<T[]>? keep;
    [ThreadStatic] private static Dictionary<T[], Tensor<T>>? escapedOwners;

    private readonly List<T[]> rented = [];
    private readonly TensorArena<T>? previous;

    private TensorArena(TensorArena<T>? previous) => this.previous = previous;

    public static TensorArena<T>? Current => current;

    /// <summary>Makes a new arena current on this thread until <see cref="Exit"/>.</summary>
    public static TensorArena<T> Enter() => current = new TensorArena<T>(current);

    /// <summary>Runs <paramref name="f"/> with no arena, so what it builds is ordinary, unpooled memory.</summary>
    public static R Outside<R>(Func<R> f)
    {
        var saved = current;
        current = null;
        try { return f(); }
        finally { current = saved; }
    }

    public T[] Rent(int length)
    {
        var buffer = free is not null && free.TryGetValue(length, out var stack) && stack.Count > 0
            ? stack.Pop()
            : GC.AllocateUninitializedArray<T>(length);
        rented.Add(buffer);
        return buffer;
    }

    /// <summary>How many buffers have been rented so far.</summary>
    public int Count => rented.Count;

    /// <summary>
    /// Leaves the arena, returning to the pool every rented buffer that is not in <paramref name="escaped"/>
    /// and was not among the first <paramref name="keepFirst"/> rented (values a caller may still hold).
    /// With <paramref name="lend"/>, the escaped buffers may come back later through <see cref="Recycle"/>;
    /// without it they are simply the caller's (new parameters, which nobody can know to be dead).
    /// </summary>
    public void Exit(IEnumerable<Tensor<T>> escaped, int keepFirst = 0, bool lend = true)
    {
        current = previous;
        var owners = escapedOwners ??= new(ReferenceEqualityComparer.Instance);
        foreach (var t in escaped) owners.TryAdd(t.Buffer, t);   // one loan per buffer, however many tensors share it
        for (var i = keepFirst; i < rented.Count; i++)
            if (!owners.TryGetValue(rented[i], out var owner)) Return(rented[i]);
            else if (lend) owner.Lend();                      // only buffers this arena rented are ever lent
        owners.Clear();
        rented.Clear();
    }

    /// <summary>
    /// Gives back buffers that an arena handed out as escaped values (gradients, say) once their owner knows
    /// they are dead, except those that <paramref name="alive"/> still uses. Buffers that did not come from an
    /// arena are left alone, so passing a tensor the caller made is harmless.
    /// </summary>
    public static void Recycle(IEnumerable<Tensor<T>> dead, IEnumerable<Tensor<T>> alive)
    {
        var kept = Keep();
        foreach (var t in alive) kept.Add(t.Buffer);
        foreach (var t in dead)
            if (!kept.Contains(t.Buffer) && t.EndLoan()) Return(t.Buffer);
        kept.Clear();
    }

    private static HashSet<T[]> Keep() => keep ??= new(ReferenceEqualityComparer.Instance);

    private static void Return(T[] buffer)
    {
        free ??= [];
        if (!free.TryGetValue(buffer.Length, out var stack)) free[buffer.Length] = stack = new();
        if (stack.Count < MaxPooledPerLength) stack.Push(buffer);
    }

    /// <summary>Leaves the arena keeping every buffer (after a failure, say).</summary>
    public void Abandon()
    {
        current = previous;
        rented.Clear();
    }
}
