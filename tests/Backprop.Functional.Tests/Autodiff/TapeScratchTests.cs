using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>
/// Runs reuse their thread's tape collections: a run started inside another (by a user's rule) must get its own,
/// every run must start from empty ones, and the memo of scope paths must stay right past its bound.
/// </summary>
public class TapeScratchTests
{
    private static readonly Key K = Key.Create(8);
    private static readonly Tensor<double> X = K.Normal<double>(new Shape(4, 3));
    private static readonly Layer<double> Net = Dense(5).Then(Tanh).Then(Dense(2));

    private static Diff<double, Var<double>> Loss(Func<Tensor<double>, Pulled<Tensor<double>, Tensor<double>>> rule) =>
        from h in Net(X) from d in Diff.Lift(rule, h) from s in Sum(d) select s;

    private static Pulled<Tensor<double>, Tensor<double>> Doubled(Tensor<double> x) => new(x * 2.0, dy => dy * 2.0);

    [Fact]
    public void A_run_inside_a_run_has_its_own_tape_and_leaves_the_outer_one_as_it_was()
    {
        var p = Net.Init(K, X).OrThrow();
        var inner = Dense(3).Init(K.FoldIn(1), X).OrThrow();
        var innerLoss = from y in Dense(3)(X) from s in Sum(y) select s;
        var innerAlone = Diff.ValueAndGrad(innerLoss, inner).OrThrow();
        var seen = new List<double>();
        Pulled<Tensor<double>, Tensor<double>> Nesting(Tensor<double> x)
        {
            seen.Add(Diff.ValueAndGrad(innerLoss, inner).OrThrow().Loss);      // forward: a whole gradient run inside this one
            return new(x * 2.0, dy =>
            {
                seen.Add(Diff.Run(innerLoss, inner).OrThrow().Value.ToScalar());  // backward: a plain run inside the pullback
                return dy * 2.0;
            });
        }
        var plain = Diff.ValueAndGrad(Loss(Doubled), p).OrThrow();
        var nested = Diff.ValueAndGrad(Loss(Nesting), p).OrThrow();
        Assert.Equal(plain.Loss, nested.Loss);
        Assert.Equal(plain.Grads.Select(e => (e.Key, e.Value.ToArray())), nested.Grads.Select(e => (e.Key, e.Value.ToArray())));
        Assert.Equal([innerAlone.Loss, innerAlone.Loss], seen);
    }

    [Fact]
    public void Every_run_starts_from_an_empty_tape()
    {
        var p = Net.Init(K, X).OrThrow();
        var first = Diff.ValueAndGrad(Loss(Doubled), p).OrThrow();
        Assert.True(Diff.Run(from y in Net(X) from bad in MatMul(y, y) select bad, p).IsFail);   // a failed run
        Assert.ThrowsAny<Exception>(() => Diff.ValueAndGrad(Loss(x => throw new InvalidOperationException("boom")), p));
        var again = Diff.ValueAndGrad(Loss(Doubled), p).OrThrow();
        Assert.Equal(first.Loss, again.Loss);
        Assert.Equal(first.Grads.Select(e => (e.Key, e.Value.ToArray())), again.Grads.Select(e => (e.Key, e.Value.ToArray())));
        Assert.Equal(["dense_1/b", "dense_1/w", "dense_2/b", "dense_2/w"], Net.Init(K, X).OrThrow().Paths);
    }

    [Fact]
    public void Scope_paths_stay_right_when_a_program_names_more_scopes_than_the_memo_keeps()
    {
        const int scopes = 4_200;
        var program = Enumerable.Range(0, scopes).Aggregate(Diff.Pure<double, int>(0), (acc, i) =>
            from n in acc from _ in Scope($"s{i}", Param("w", new Shape(1), (_, s) => Tensor<double>.Ones(s))) select n + 1);
        for (var run = 0; run < 2; run++)
        {
            var p = Diff.Init(program, K).OrThrow();
            Assert.Equal(scopes, p.Count);
            Assert.Contains("s0_1/w", p.Paths);
            Assert.Contains($"s{scopes - 1}_1/w", p.Paths);
        }
        var scratch = TapeScratch<double>.Rent();
        Assert.InRange(scratch.PathsKept, 1, 2 * TapeScratch<double>.MaxPaths);
        scratch.Return();
    }

    [Fact]
    public void A_finished_run_gives_its_collections_back_empty()
    {
        var p = Net.Init(K, X).OrThrow();
        Diff.ValueAndGrad(Loss(Doubled), p).OrThrow();
        Diff.Run(Net(X), p).OrThrow();
        var scratch = TapeScratch<double>.Rent();
        Assert.Equal([0, 0, 0, 0, 0, 0, 0], new[] { scratch.Entries.Count, scratch.Made.Count, scratch.Tangents.Count, scratch.Enclosing.Count,
            scratch.NameCounts.Count, scratch.ParamVars.Count, scratch.Frames.Count });
        Assert.All(scratch.Cotangents(16), Assert.Null);
        Assert.Empty(scratch.Leaves());
        Assert.True(scratch.PathsKept >= 6, $"{scratch.PathsKept} paths kept");   // dense_1, dense_2 and their w and b
        scratch.Return();
    }

    [Fact]
    public void Rented_scratch_keeps_its_buffers_and_gives_back_no_tensor()
    {
        var x = Tensor<double>.Ones(new Shape(1));
        var scratch = TapeScratch<double>.Rent();
        var slots = scratch.Cotangents(3);
        Assert.Same(slots, scratch.Cotangents(3));                      // the same array while it is long enough
        slots[1] = x;
        Assert.Null(scratch.Cotangents(3)[1]);                          // handed out cleared
        var leaves = scratch.Leaves();
        Assert.Same(leaves, scratch.Leaves());
        leaves["w"] = x;
        Assert.Empty(scratch.Leaves());
        scratch.Tangents.Add(x);
        scratch.Leaves()["w"] = x;
        scratch.Cotangents(3)[2] = x;
        scratch.Return();
        Assert.Null(slots[2]);                                          // nothing a run made stays reachable from the thread
        Assert.Empty(leaves);
        var again = TapeScratch<double>.Rent();
        Assert.Same(scratch, again);
        Assert.Empty(again.Tangents);
        again.Return();
        Exception? failed = null;                                       // a thread's first scratch: rented, its array exactly as long as asked
        var first = new Thread(() =>
        {
            try
            {
                var own = TapeScratch<double>.Rent();
                Assert.Same(own.Cotangents(3), own.Cotangents(3));
                Assert.Equal(3, own.Cotangents(3).Length);
                own.Return();
            }
            catch (Exception e) { failed = e; }
        });
        first.Start();
        first.Join();
        Assert.Null(failed);
        var fresh = new TapeScratch<double>();                          // a tape that outlives its run: fresh buffers every time
        Assert.NotSame(fresh.Cotangents(3), fresh.Cotangents(3));
        Assert.NotSame(fresh.Leaves(), fresh.Leaves());
    }
}
