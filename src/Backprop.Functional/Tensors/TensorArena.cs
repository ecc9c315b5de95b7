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
    [ThreadStatic] private static Pool? threadPool;

    /// <summary>This thread's free buffers by length, and the sets Exit and Recycle reuse (one lookup of thread-local storage per arena).</summary>
    private sealed class Pool
    {
        public readonly Dictionary<int, Stack<T[]>> Free = [];
        public readonly HashSet<T[]> Keep = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<T[], Tensor<T>> Owners = new(ReferenceEqualityComparer.Instance);

        public void Return(T[] buffer)
        {
            if (!Free.TryGetValue(buffer.Length, out var stack)) Free[buffer.Length] = stack = new();
            if (stack.Count < MaxPooledPerLength) stack.Push(buffer);
        }
    }

    private readonly List<T[]> rented = [];
    private readonly TensorArena<T>? previous;
    private readonly Pool pool;

    private TensorArena(TensorArena<T>? previous, Pool pool) => (this.previous, this.pool) = (previous, pool);

    private static Pool ThreadPool => threadPool ??= new();

    public static TensorArena<T>? Current => current;

    /// <summary>Makes a new arena current on this thread until <see cref="Exit"/>.</summary>
    public static TensorArena<T> Enter() => current = new TensorArena<T>(current, ThreadPool);

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
        var buffer = pool.Free.TryGetValue(length, out var stack) && stack.Count > 0
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
        var owners = pool.Owners;
        foreach (var t in escaped) owners.TryAdd(t.Buffer, t);   // one loan per buffer, however many tensors share it
        for (var i = keepFirst; i < rented.Count; i++)
            if (!owners.TryGetValue(rented[i], out var owner)) pool.Return(rented[i]);
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
        var pool = ThreadPool;
        foreach (var t in alive) pool.Keep.Add(t.Buffer);
        foreach (var t in dead)
            if (!pool.Keep.Contains(t.Buffer) && t.EndLoan()) pool.Return(t.Buffer);
        pool.Keep.Clear();
    }

    /// <summary>Leaves the arena keeping every buffer (after a failure, say).</summary>
    public void Abandon()
    {
        current = previous;
        rented.Clear();
    }
}
