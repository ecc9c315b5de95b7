using System.Numerics;

namespace Backprop.Functional.Tensors;

/// <summary>
/// Where the buffers of a gradient run come from. While an arena is current on a thread, every
/// tensor built is rented from a per-thread pool and recorded; when the run is over, the runner
/// gives back every buffer that did not escape, so a steady-state training step reuses the same
/// memory instead of churning the GC. An arena is current only while the library's own code runs
/// (its rules, pullbacks and optimisers), never while user code does, so what user code builds is
/// ordinary memory; what it can reach of the arena's (a Var's value it reads, a cotangent given
/// to its pullback) is <see cref="Keep">kept</see>. Purely an allocation strategy: no value a user
/// can reach ever depends on it.
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
        public readonly HashSet<T[]> Returned = new(ReferenceEqualityComparer.Instance);
        public readonly Stack<TensorArena<T>> Closed = new();                 // arenas whose run ended, for the next run to reuse

        public void Return(T[] buffer)
        {
            if (!Free.TryGetValue(buffer.Length, out var stack)) Free[buffer.Length] = stack = new();
            if (stack.Count < MaxPooledPerLength) stack.Push(buffer);
        }
    }

    private readonly List<T[]> rented = new(16);
    private readonly List<T[]> kept = [];
    private readonly Pool pool;
    private TensorArena<T>? previous;
    private bool open;

    private TensorArena(Pool pool) => this.pool = pool;

    /// <summary>An arena for a new run: one this thread closed before (its lists empty), or a new one.</summary>
    private static TensorArena<T> Open(TensorArena<T>? previous)
    {
        var pool = ThreadPool;
        var arena = pool.Closed.Count > 0 ? pool.Closed.Pop() : new(pool);
        (arena.previous, arena.open) = (previous, true);
        return arena;
    }

    /// <summary>Ends the arena's run: from here on it is the pool's, to be opened again (a second close does nothing).</summary>
    private void Close()
    {
        if (!open) return;
        (previous, open) = (null, false);
        if (pool.Closed.Count < MaxClosed) pool.Closed.Push(this);
    }

    private const int MaxClosed = 8;

    private static Pool ThreadPool => threadPool ??= new();

    public static TensorArena<T>? Current => current;

    /// <summary>Makes a new arena current on this thread until <see cref="Exit"/>.</summary>
    public static TensorArena<T> Enter() => current = Open(current);

    /// <summary>A new arena that is not current: <see cref="Swap"/> makes it current around the code that may rent from it.</summary>
    public static TensorArena<T> Detached() => Open(current);

    /// <summary>Makes <paramref name="arena"/> (or none) current on this thread and returns the one that was.</summary>
    public static TensorArena<T>? Swap(TensorArena<T>? arena)
    {
        var saved = current;
        current = arena;
        return saved;
    }

    /// <summary>Never gives <paramref name="tensor"/>'s buffer back: user code has seen it.</summary>
    public void Keep(Tensor<T> tensor) => kept.Add(tensor.Buffer);

    /// <summary>The buffers the last <see cref="Exit"/> of this thread gave back to the pool (valid until the next one).</summary>
    public bool WasReturned(Tensor<T> tensor) => pool.Returned.Contains(tensor.Buffer);

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
    /// nor <see cref="Keep">kept</see>. With <paramref name="lend"/>, the escaped buffers may come back later
    /// through <see cref="Recycle"/>; without it they are simply the caller's (new parameters, which nobody can
    /// know to be dead). Kept buffers are never lent: user code may hold them.
    /// </summary>
    public void Exit(ReadOnlySpan<Tensor<T>> escaped, ReadOnlySpan<Tensor<T>> alsoEscaped = default, bool lend = true)
    {
        if (!open) throw new InvalidOperationException("an arena was exited after its run had ended");
        current = previous;
        var (owners, keep, returned) = (pool.Owners, pool.Keep, pool.Returned);
        returned.Clear();
        foreach (var b in kept) keep.Add(b);
        foreach (var t in escaped) owners.TryAdd(t.Buffer, t);   // one loan per buffer, however many tensors share it
        foreach (var t in alsoEscaped) owners.TryAdd(t.Buffer, t);
        foreach (var buffer in rented)
            if (keep.Contains(buffer)) continue;
            else if (!owners.TryGetValue(buffer, out var owner)) { if (returned.Add(buffer)) pool.Return(buffer); }
            else if (lend) owner.Lend();                      // only buffers this arena rented are ever lent
        owners.Clear();
        keep.Clear();
        rented.Clear();
        kept.Clear();
        Close();
    }

    /// <summary>
    /// Gives back buffers that an arena handed out as escaped values (gradients, say) once their owner knows
    /// they are dead, except those that <paramref name="alive"/> still uses. Buffers that did not come from an
    /// arena are left alone, so passing a tensor the caller made is harmless.
    /// </summary>
    public static void Recycle(ReadOnlySpan<Tensor<T>> dead, ReadOnlySpan<Tensor<T>> alive)
    {
        var pool = ThreadPool;
        foreach (var t in alive) pool.Keep.Add(t.Buffer);
        foreach (var t in dead)
            if (!pool.Keep.Contains(t.Buffer) && t.EndLoan() && t.Donate()) pool.Return(t.Buffer);
        pool.Keep.Clear();
    }

    /// <summary>
    /// Gives the memory of <paramref name="dead"/> back to the pool whatever made it, except the buffers that
    /// <paramref name="alive"/> still uses, and marks each of those tensors (and its views) donated, so reading one
    /// later throws instead of giving other numbers. A buffer goes back once however often it is passed, and one that
    /// an arena lent is no longer on loan.
    /// </summary>
    public static void Donate(ReadOnlySpan<Tensor<T>> dead, ReadOnlySpan<Tensor<T>> alive)
    {
        var pool = ThreadPool;
        foreach (var t in alive) pool.Keep.Add(t.Buffer);
        foreach (var t in dead)
            if (!pool.Keep.Contains(t.Buffer) && t.Donate())
            {
                t.EndLoan();
                pool.Return(t.Buffer);
            }
        pool.Keep.Clear();
    }

    /// <summary>Leaves the arena keeping every buffer (after a failure, say); nothing once its run has ended.</summary>
    public void Abandon()
    {
        if (!open) return;
        current = previous;
        rented.Clear();
        kept.Clear();
        Close();
    }
}
