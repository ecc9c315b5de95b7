using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>Buffer reuse in gradient runs must never change a value a caller holds.</summary>
public class TensorArenaTests
{
    private static readonly Key K = Key.Create(11);
    private static readonly Tensor<float> X = K.Normal<float>(new Shape(8, 6));
    private static readonly int[] Labels = [0, 1, 2, 0, 1, 2, 0, 1];
    private static readonly Layer<float> Net = Dense(7).Then(Relu).Then(Dense(3));

    private static Diff<float, Var<float>> Loss(Tensor<float> x) =>
        from y in Net(x) from l in SoftmaxCrossEntropy(y, Labels) select l;

    private static void RunOthers(Params<float> p)
    {
        for (var i = 0; i < 5; i++) Diff.ValueAndGrad(Loss(K.FoldIn(i).Normal<float>(X.Shape)), p).OrThrow();
    }

    [Fact]
    public void Gradients_and_aux_outputs_survive_later_runs()
    {
        var p = Net.Init(K, X).OrThrow();
        var first = Diff.ValueAndGrad(from y in Net(X) from l in SoftmaxCrossEntropy(y, Labels) select (l, y), p).OrThrow();
        var grads = first.Grads.Select(e => e.Value.ToArray()).ToArray();
        var aux = first.Aux.Value.ToArray();
        RunOthers(p);
        Assert.Equal(grads, first.Grads.Select(e => e.Value.ToArray()).ToArray());
        Assert.Equal(aux, first.Aux.Value.ToArray());
    }

    [Fact]
    public void A_value_read_inside_the_program_survives_later_runs()
    {
        var p = Net.Init(K, X).OrThrow();
        var held = new List<Tensor<float>>();
        Tensor<float> Hold(Tensor<float> t) { held.Add(t); return t; }
        var program =
            from h in Dense(7)(X)
            let activations = Hold(h.Value)
            let doubled = Hold(h.Value * 2f)
            from a in Relu(h)
            from y in Dense(3)(a)
            from l in SoftmaxCrossEntropy(y, Labels)
            select l;
        var q = Diff.Init(program, K).OrThrow();
        held.Clear();
        Diff.ValueAndGrad(program, q).OrThrow();
        var copies = held.Select(t => t.ToArray()).ToArray();
        RunOthers(p);
        Diff.ValueAndGrad(from y in Net(X.Map(v => -v)) from l in SoftmaxCrossEntropy(y, Labels) select l, p).OrThrow();
        Assert.Equal(copies, held.Take(2).Select(t => t.ToArray()).ToArray());
    }

    [Fact]
    public void A_var_kept_past_its_run_says_it_is_gone_instead_of_giving_other_numbers()
    {
        var p = Net.Init(K, X).OrThrow();
        Var<float>? kept = null;
        var program = from y in Net(X) let _ = kept = y from l in SoftmaxCrossEntropy(y, Labels) select l;
        Diff.ValueAndGrad(program, p).OrThrow();
        RunOthers(p);
        var e = Assert.Throws<InvalidOperationException>(() => kept!.Value);
        Assert.Contains("after its run ended", e.Message);
    }

    [Fact]
    public void A_var_read_in_its_run_keeps_its_value_past_it()
    {
        var p = Net.Init(K, X).OrThrow();
        Var<float>? kept = null;
        var program = from y in Net(X) let _ = (kept = y).Value from l in SoftmaxCrossEntropy(y, Labels) select l;
        var expected = Net.Predict(p, X).OrThrow().ToArray();
        Diff.ValueAndGrad(program, p).OrThrow();
        RunOthers(p);
        Assert.Equal(expected, kept!.Value.ToArray());
    }

    [Fact]
    public void A_steady_state_step_reuses_the_memory_of_its_intermediates()
    {
        var p = Net.Init(K, X).OrThrow();
        var big = K.Normal<float>(new Shape(2048, 6));
        var labels = Enumerable.Range(0, 2048).Select(i => i % 3).ToArray();
        var loss = from y in Net(big) from l in SoftmaxCrossEntropy(y, labels) select l;
        for (var i = 0; i < 3; i++) Diff.ValueAndGrad(loss, p).OrThrow();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Diff.ValueAndGrad(loss, p).OrThrow();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var activations = 2048 * (7 + 7 + 3) * sizeof(float);      // dense, relu and logits values alone
        Assert.True(allocated < activations / 4, $"a step allocated {allocated} bytes; its activations alone are {activations}");
    }

    [Fact]
    public void Tensors_a_custom_rule_sees_survive_later_runs()
    {
        var p = Net.Init(K, X).OrThrow();
        var seen = new List<Tensor<float>>();
        Pulled<Tensor<float>, Tensor<float>> Watch(Tensor<float> x)
        {
            seen.Add(x);
            return new(x * 1f, dy => { seen.Add(dy); return dy; });
        }
        var program = from y in Net(X) from w in Diff.Lift(Watch, y) from l in SoftmaxCrossEntropy(w, Labels) select l;
        Diff.ValueAndGrad(program, p).OrThrow();
        var copies = seen.Select(t => t.ToArray()).ToArray();
        RunOthers(p);
        Assert.Equal(2, seen.Count);
        Assert.Equal(copies, seen.Select(t => t.ToArray()).ToArray());
    }

    [Fact]
    public void Gradients_a_custom_transform_keeps_survive_training()
    {
        var data = new Dataset<float>(X, Labels, 3);
        var p = Net.Init(K, X).OrThrow();
        var seen = new List<(Tensor<float> Tensor, float[] Copy)>();
        var watching = Transforms.Stateless<float>((u, _) =>
        {
            foreach (var (_, g) in u) seen.Add((g, g.ToArray()));
            return u;
        }).Then(Transforms.Scale(-0.1f));
        var states = Train.Steps(Net, watching, p, data, 4, new TrainSettings(3), K).ToList();
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.Equal(s.Copy, s.Tensor.ToArray()));
    }

    [Fact]
    public void Pooled_runs_give_the_same_gradients_as_unpooled_ones_step_after_step()
    {
        var p = Net.Init(K, X).OrThrow();
        for (var step = 0; step < 10; step++)
        {
            var x = K.FoldIn(step).Normal<float>(X.Shape);
            var pooled = Diff.ValueAndGrad(Loss(x), p).OrThrow().Grads;
            var plain = Diff.Vjp(v => from y in Net(v) from l in SoftmaxCrossEntropy(y, Labels) select l, x, p, Tensor<float>.Scalar(1f)).OrThrow().ParamGrads;
            Assert.All(pooled, e => Assert.Equal(plain[e.Key].ToArray(), e.Value.ToArray()));
            p = p.Zip(pooled, (w, g) => w.AddScaled(g, -0.1f));
        }
    }

    [Fact]
    public void A_closed_arena_is_reused_by_the_next_run_and_cannot_be_exited_again()
    {
        var outer = TensorArena<float>.Current;
        var arena = TensorArena<float>.Enter();
        arena.Exit([]);
        Assert.Same(outer, TensorArena<float>.Current);
        Assert.Equal("an arena was exited after its run had ended", Assert.Throws<InvalidOperationException>(() => arena.Exit([])).Message);
        arena.Abandon();                                   // after its run: nothing, not even the current arena changes
        Assert.Same(outer, TensorArena<float>.Current);
        var next = TensorArena<float>.Enter();
        Assert.Same(arena, next);
        Assert.Same(next, TensorArena<float>.Current);
        next.Abandon();
        Assert.Same(outer, TensorArena<float>.Current);
    }
}
