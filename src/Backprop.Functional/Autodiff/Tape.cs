using System.Numerics;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// The state a program runs over: the Wengert list, the key, the parameter tree and the scope.
/// A tape is made afresh for each run and never escapes it, so from outside a run is a pure
/// function of (program, params, state, key); inside, appending to a list is just fast. With <c>onlyLeaf</c>, every
/// other leaf (the parameters) is a constant: a derivative with respect to the input alone tapes nothing for them.
/// </summary>
internal sealed class Tape<T>(RunMode mode, Params<T> parameters, Params<T> state, Key? key, bool training, TensorArena<T>? arena = null,
    IReadOnlyDictionary<string, Tensor<T>>? seeds = null, string? onlyLeaf = null, TapeScratch<T>? scratch = null)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly TapeScratch<T> scratch = scratch ?? new();

    public RunMode Mode { get; } = mode;
    public bool Training { get; } = training;
    public Params<T> Parameters { get; private set; } = parameters;
    public Params<T> State { get; private set; } = state;
    /// <summary>The key the monad splits; none when the runner was given none (a program that draws one is then an error).</summary>
    public Key? Key { get; private set; } = key;
    internal IReadOnlyList<TapeEntry<T>> Entries => scratch.Entries;

    /// <summary>The run's working collections (the interpreter's frames, the backward pass's cotangents and leaves).</summary>
    internal TapeScratch<T> Scratch => scratch;

    /// <summary>Where the library's rules rent their buffers during this run (none outside gradient runs).</summary>
    public TensorArena<T>? Arena { get; } = arena;

    /// <summary>Every var this run made while renting, in order.</summary>
    internal IReadOnlyList<Var<T>> Vars => scratch.Made;

    /// <summary>Set for a traced run: every rule, parameter and scope is recorded there.</summary>
    public TapeRecording<T>? Recording { get; init; }

    /// <summary>The current scope path, kept up to date on entering and leaving (so recording a node can reference it for free).</summary>
    public string ScopePath { get; private set; } = "";

    public Key NextKey()
    {
        if (Key is not { } key)
            throw new DiffException($"{(ScopePath.Length == 0 ? "the program" : ScopePath)} needs a key: pass one to {(Mode == RunMode.Gradient ? "ValueAndGrad" : "Run")}", namesScope: true);
        var (next, use) = key.Split();
        Key = next;
        return use;
    }

    /// <summary>Enters a uniquely numbered scope: "dense" becomes "dense_1", then "dense_2", ...</summary>
    public string EnterScope(string name)
    {
        var parent = ScopePath;
        var count = scratch.NameCounts.GetValueOrDefault((parent, name)) + 1;
        scratch.NameCounts[(parent, name)] = count;
        scratch.Enclosing.Push(parent);
        ScopePath = scratch.ScopePath(parent, name, count);
        Recording?.Scopes.Add((ScopePath, Recording.Ops.Count));
        return ScopePath;
    }

    public void LeaveScope() => ScopePath = scratch.Enclosing.Pop();

    public string PathOf(string name) => scratch.PathOf(ScopePath, name);

    /// <summary>Reads (Apply) or creates (Init) a parameter of this scope; one Var per path per run.</summary>
    public Var<T> Param(string name, Shape shape, Func<Key, Shape, Tensor<T>> init)
    {
        var path = PathOf(name);
        if (scratch.ParamVars.TryGetValue(path, out var cached)) return Checked(path, cached.Raw, shape, cached);
        Tensor<T> value;
        if (Mode == RunMode.Init && !Parameters.Contains(path))
        {
            value = init(NextKey(), shape);
            Parameters = Parameters.With(path, value);
        }
        else value = Parameters.Find(path).IfFail(e => throw new DiffException(e.Message));
        var v = Leaf(path, value);
        scratch.ParamVars[path] = v;
        Recording?.Parameters.Add((path, v));
        return Checked(path, value, shape, v);
    }

    /// <summary>Reads a state tensor (running statistics, say), creating it in Init mode.</summary>
    public Tensor<T> ReadState(string name, Shape shape, Func<Shape, Tensor<T>> init)
    {
        var path = PathOf(name);
        if (Mode == RunMode.Init && !State.Contains(path)) State = State.With(path, init(shape));
        var value = State.Find(path).IfFail(e => throw new DiffException(e.Message));
        return Checked(path, value, shape, value);
    }

    public void WriteState(string name, Tensor<T> value) => State = State.With(PathOf(name), value);

    /// <summary>Forward mode: the tangent a var carries (none for a constant or a var no seed reaches).</summary>
    public Tensor<T>? TangentOf(Var<T> v) => Mode == RunMode.Forward && !v.IsConstant ? scratch.Tangents[v.Node] : null;

    public Var<T> Leaf(string name, Tensor<T> value)
    {
        if (Mode == RunMode.Forward)
            return seeds?.GetValueOrDefault(name) is { } seed ? Pushed(value, Checked(name, seed, value.Shape, seed)) : Var<T>.Constant(value);
        if (Mode != RunMode.Gradient || (onlyLeaf is not null && name != onlyLeaf)) return Var<T>.Constant(value);
        scratch.Entries.Add(new(-1, null, -1, null, name));
        return new(value, scratch.Entries.Count - 1);
    }

    /// <summary>Runs one of the library's own rules, renting from the arena, and tapes its pullback.</summary>
    public Var<T> Primitive(string name, Func<Tensor<T>, Pulled<Tensor<T>, Tensor<T>>> rule, Var<T> x, Func<IReadOnlyDictionary<string, object>>? settings = null)
    {
        var saved = TensorArena<T>.Swap(Arena);
        try { return Traced(name, settings, Record(rule(x.Raw), x, name, user: false), x); }
        finally { TensorArena<T>.Swap(saved); }
    }

    /// <summary>As above, for a two-input rule.</summary>
    public Var<T> Primitive(string name, Func<Tensor<T>, Tensor<T>, Pulled2<Tensor<T>, Tensor<T>, Tensor<T>>> rule, Var<T> x, Var<T> y,
        Func<IReadOnlyDictionary<string, object>>? settings = null)
    {
        var saved = TensorArena<T>.Swap(Arena);
        try { return Traced(name, settings, Record(rule(x.Raw, y.Raw), x, y, name, user: false), x, y); }
        finally { TensorArena<T>.Swap(saved); }
    }

    /// <summary>In a traced run, records the rule that made <paramref name="output"/> from x (and y); returns the output.</summary>
    private Var<T> Traced(string? name, Func<IReadOnlyDictionary<string, object>>? settings, Var<T> output, Var<T> x, Var<T>? y = null, bool user = false)
    {
        if (Recording is { } r) r.Ops.Add(new(name, settings?.Invoke() ?? TracedOp<T>.None, y is null ? [x] : [x, y], output, ScopePath, user));
        return output;
    }

    /// <summary>Runs library code that may rent from the arena (it must not let what it builds escape).</summary>
    public R Pooled<R>(Func<R> f)
    {
        if (Arena is null) return f();
        var saved = TensorArena<T>.Swap(Arena);
        try { return f(); }
        finally { TensorArena<T>.Swap(saved); }
    }

    /// <summary>
    /// Tapes a one-input rule's pullback; <paramref name="name"/> (the rule's, e.g. "relu") is for traces.
    /// <paramref name="user"/>: the rule is user code, so its pullback runs outside the arena and what it is given is kept.
    /// </summary>
    public Var<T> Record(Pulled<Tensor<T>, Tensor<T>> r, Var<T> x, string? name = null, bool user = true) =>
        Mode == RunMode.Forward ? Pushed(r.Value, Push(TangentOf(x), r.Pushforward, name))
        : Users(user, name, Mode != RunMode.Gradient || x.IsConstant ? Made(Var<T>.Constant(r.Value))
            : Push(new(x.Node, Checked(r.Pullback, x.Shape, name, user), -1, null, null, name, ScopePath, user, r.Pushforward), r.Value), x);

    /// <summary>Tapes a two-input rule's pullbacks; <paramref name="name"/> (the rule's, e.g. "matmul") is for traces.</summary>
    public Var<T> Record(Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> r, Var<T> x, Var<T> y, string? name = null, bool user = true) =>
        Mode == RunMode.Forward ? Pushed(r.Value, Sum(Push(TangentOf(x), r.PushforwardX, name), Push(TangentOf(y), r.PushforwardY, name)))
        : Users(user, name, Mode != RunMode.Gradient || (x.IsConstant && y.IsConstant) ? Made(Var<T>.Constant(r.Value))
            : Push(new(x.Node, x.IsConstant ? null : Checked(r.PullbackX, x.Shape, name, user),
                y.Node, y.IsConstant ? null : Checked(r.PullbackY, y.Shape, name, user), null, name, ScopePath, user,
                r.PushforwardX, r.PushforwardY), r.Value), x, y);

    /// <summary>A user's pullback, checked to give a cotangent of its input's shape; the library's pullbacks as they are.</summary>
    private static Func<Tensor<T>, Tensor<T>> Checked(Func<Tensor<T>, Tensor<T>> pullback, Shape input, string? name, bool user) =>
        !user ? pullback : dy => Expect(pullback(dy), input, name);

    private static Tensor<T> Expect(Tensor<T>? g, Shape input, string? name) =>
        g is not null && g.Shape == input ? g
        : throw new DiffException($"the pullback of {name ?? "a rule"} gave {(g is null ? "no cotangent" : $"a cotangent of shape {g.Shape}")} for an input of shape {input}");

    /// <summary>In a traced run, records a rule of the user's (the library's own are recorded with their settings); returns the output.</summary>
    private Var<T> Users(bool user, string? name, Var<T> output, Var<T> x, Var<T>? y = null) =>
        user ? Traced(name, null, output, x, y, user: true) : output;

    /// <summary>The output tangent one input contributes: its tangent pushed forward (none when it has none).</summary>
    private static Tensor<T>? Push(Tensor<T>? dx, Func<Tensor<T>, Tensor<T>>? pushforward, string? name) =>
        dx is null ? null
        : pushforward is null ? throw new DiffException($"{name ?? "a rule"} gives a pullback only: forward mode needs its pushforward")
        : pushforward(dx);

    /// <summary>The chain rule for two inputs: their contributions add up.</summary>
    private static Tensor<T>? Sum(Tensor<T>? a, Tensor<T>? b) => a is null ? b : b is null ? a : a + b;

    /// <summary>Forward mode: a var carrying <paramref name="tangent"/>, or a constant when none reached it.</summary>
    private Var<T> Pushed(Tensor<T> value, Tensor<T>? tangent)
    {
        if (tangent is null) return Var<T>.Constant(value);
        if (tangent.Shape != value.Shape)
            throw new DiffException($"a pushforward gave a tangent of shape {tangent.Shape} for a value of shape {value.Shape}");
        scratch.Tangents.Add(tangent);
        return new(value, scratch.Tangents.Count - 1);
    }

    /// <summary>
    /// Tapes a rule of n inputs as a chain of two-input nodes sharing its output: the first takes inputs 0 and 1, each
    /// next one the previous node (the cotangent passed through) and one more input. The rule's pullback runs once per
    /// cotangent: every node asks it for its input's share of the same answer.
    /// </summary>
    public Var<T> RecordMany(Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>> r, IReadOnlyList<Var<T>> xs, string? name)
    {
        var n = xs.Count;
        if (Mode == RunMode.Forward)
            return Pushed(r.Value, xs.All(x => TangentOf(x) is null) ? null
                : r.Pushforward is { } push ? push([.. xs.Select(x => TangentOf(x) ?? Tensor<T>.Zeros(x.Shape))])
                : throw new DiffException($"{name ?? "a rule"} gives a pullback only: forward mode needs its pushforward"));
        (Tensor<T> Dy, IReadOnlyList<Tensor<T>> Grads)? last = null;
        IReadOnlyList<Tensor<T>> Grads(Tensor<T> dy)
        {
            if (last is { } l && ReferenceEquals(l.Dy, dy)) return l.Grads;
            var grads = r.Pullback(dy);
            if (grads.Count != n) throw new DiffException($"{name ?? "a rule"} has {n} inputs but its pullback returned {grads.Count} cotangents");
            last = (dy, grads);
            return grads;
        }
        Func<Tensor<T>, Tensor<T>> Share(int i) => dy => Grads(dy)[i];
        // by linearity, the pushforward of input i alone: its tangent with zeros for the others
        Func<Tensor<T>, Tensor<T>>? Alone(int i) => r.Pushforward is { } push
            ? dx => push([.. xs.Select((x, j) => j == i ? dx : Tensor<T>.Zeros(x.Shape))]) : null;
        static Tensor<T> Through(Tensor<T> dy) => dy;
        if (n == 1) return Record(new Pulled<Tensor<T>, Tensor<T>>(r.Value, Share(0)) { Pushforward = Alone(0) }, xs[0], name);
        var node = Record(new Pulled2<Tensor<T>, Tensor<T>, Tensor<T>>(r.Value, Share(0), Share(1)) { PushforwardX = Alone(0), PushforwardY = Alone(1) },
            xs[0], xs[1], name);
        for (var i = 2; i < n; i++)
            node = Record(new Pulled2<Tensor<T>, Tensor<T>, Tensor<T>>(r.Value, Through, Share(i)) { PushforwardX = Through, PushforwardY = Alone(i) },
                node, xs[i], name);
        return node;
    }

    private Var<T> Push(TapeEntry<T> entry, Tensor<T> value)
    {
        scratch.Entries.Add(entry);
        return Made(new(value, scratch.Entries.Count - 1));
    }

    private Var<T> Made(Var<T> v)
    {
        if (Arena is not null) scratch.Made.Add(v);
        return v;
    }

    private static TV Checked<TV>(string path, Tensor<T> value, Shape expected, TV result) =>
        value.Shape == expected ? result
        : throw new DiffException($"'{path}' has shape {value.Shape} but the layer needs {expected}");
}
