using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;
using Onnx;

namespace Backprop.Functional.Interop;

/// <summary>
/// Translates a <see cref="Trace{T}"/> into ONNX nodes and initializers (opset 17), one rule at a time. Values are named
/// by where they come from: "input", the parameter's path ("dense_1/w"), or the scope and rule that made them
/// ("dense_1/matmul"); a constant of the run (batch-norm scales from the running statistics, say) becomes an
/// initializer named after the scope that used it, except a constant filled with one value whose first axis is the
/// batch (the zero initial state of a recurrence): that is made from the input's batch size, so the graph takes any.
/// A rule with no translation is an error naming the layer.
/// </summary>
internal sealed class OnnxGraph<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Dictionary<Var<T>, string> names = new(ReferenceEqualityComparer.Instance);
    private readonly System.Collections.Generic.HashSet<string> used = new(StringComparer.Ordinal);
    private int batch;
    private string? batchSize;

    public GraphProto Graph { get; } = new() { Name = "backprop" };

    private OnnxGraph() { }

    /// <summary>The nodes and initializers for <paramref name="trace"/>; the graph's output value is "output".</summary>
    public static Fin<GraphProto> Translate(Trace<T> trace)
    {
        var g = new OnnxGraph<T> { batch = trace.Input.Shape[0] };
        g.Name(trace.Input, "input");
        foreach (var (path, v) in trace.Parameters)
            if (!g.names.ContainsKey(v))
            {
                g.Name(v, path);
                g.Graph.Initializer.Add(OnnxTensors.From(path, v.Value));
            }
        foreach (var op in trace.Ops)
            if (g.Emit(op).Case is Error e) return e;
        g.Node("Identity", [g.ValueOf(trace.Output, "")], "output");
        return g.Graph;
    }

    private string Name(Var<T> v, string name)
    {
        names[v] = name;
        used.Add(name);
        return name;
    }

    /// <summary>A name not used yet: "scope/stem", then "scope/stem_2", ...</summary>
    private string Fresh(string scope, string stem)
    {
        var root = scope.Length == 0 ? stem : $"{scope}/{stem}";
        var name = root;
        for (var i = 2; used.Contains(name); i++) name = $"{root}_{i}";
        used.Add(name);
        return name;
    }

    /// <summary>The value's name; a var seen for the first time is a constant of the run, stored as an initializer (or filled to the batch).</summary>
    private string ValueOf(Var<T> v, string scope, bool ofTheRun = true)
    {
        if (names.TryGetValue(v, out var name)) return name;
        var t = v.Value;
        if (ofTheRun && t.Shape.Rank >= 2 && t.Shape[0] == batch && t.Size > 0 && t.Span.IndexOfAnyExcept(t.Span[0]) < 0)
        {
            var dims = Node("Concat", [BatchSize(), Longs(scope, "filled_dims", [.. t.Shape.Dims.RemoveAt(0).Select(d => (long)d)])], Fresh(scope, "filled_shape"), Int("axis", 0));
            name = Node("Expand", [Scalar(scope, "fill", t.Span[0]), dims], Fresh(scope, "filled"));
        }
        else
        {
            name = Fresh(scope, "constant");
            Graph.Initializer.Add(OnnxTensors.From(name, t));
        }
        names[v] = name;
        return name;
    }

    /// <summary>The input's batch size as a one-element int64 tensor (one Shape node, made on first use).</summary>
    private string BatchSize() => batchSize ??= Node("Shape", ["input"], Fresh("", "batch_size"), Int("start", 0), Int("end", 1));

    private string Longs(string scope, string stem, params long[] values)
    {
        var name = Fresh(scope, stem);
        Graph.Initializer.Add(OnnxTensors.Int64(name, values));
        return name;
    }

    private string Scalar(string scope, string stem, T value)
    {
        var name = Fresh(scope, stem);
        Graph.Initializer.Add(OnnxTensors.From(name, Tensor<T>.FromSpan(new Shape(), [value])));
        return name;
    }

    private string Node(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, T value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = float.CreateChecked(value) };

    private Fin<Unit> Emit(TracedOp<T> op)
    {
        var where = op.Scope.Length == 0 ? op.Name ?? "a rule" : op.Scope;
        if (op.User)
            return Error.New($"layer '{where}': a rule of your own ({(op.Name is { } n ? $"'{n}'" : "unnamed")}) cannot be exported to ONNX; " +
                "only the library's rules have ONNX translations");
        var s = op.Scope;
        var ins = op.Inputs.Select(v => ValueOf(v, s)).ToArray();
        var output = Fresh(s, op.Name!);
        names[op.Output] = output;
        var x = op.Inputs[0];
        string Plain(string type, params AttributeProto[] attributes) => Node(type, ins, output, attributes);   // one node on the rule's inputs
        T Setting(string key) => (T)op.Settings[key];
        int IntSetting(string key) => (int)op.Settings[key];
        switch (op.Name)
        {
            case "matmul": Plain("MatMul"); break;
            case "add" or "add_bias": Plain("Add"); break;
            case "subtract": Plain("Sub"); break;
            case "multiply": Plain("Mul"); break;
            case "divide": Plain("Div"); break;
            case "relu": Plain("Relu"); break;
            case "sigmoid": Plain("Sigmoid"); break;
            case "tanh": Plain("Tanh"); break;
            case "softplus": Plain("Softplus"); break;
            case "exp": Plain("Exp"); break;
            case "log": Plain("Log"); break;
            case "sqrt": Plain("Sqrt"); break;
            case "softmax": Plain("Softmax", Int("axis", -1)); break;
            case "log_softmax": Plain("LogSoftmax", Int("axis", -1)); break;
            case "leaky_relu": Plain("LeakyRelu", Float("alpha", Setting("slope"))); break;
            case "elu": Plain("Elu", Float("alpha", Setting("alpha"))); break;
            case "gelu": Gelu(ins[0], s, output); break;
            case "pow": Node("Pow", [ins[0], Scalar(s, "exponent", Setting("p"))], output); break;
            case "flatten": Plain("Flatten", Int("axis", 1)); break;
            case "reshape":
                var target = ((Shape)op.Settings["shape"]).Dims.Select(d => (long)d).ToArray();
                if (target.Length > 0 && x.Shape.Rank > 0 && target[0] == x.Shape[0]) target[0] = 0;    // 0: keep the batch axis as it comes
                Node("Reshape", [ins[0], Longs(s, "shape", target)], output);
                break;
            case "slice":
                var (start, count) = (IntSetting("start"), IntSetting("count"));
                Node("Slice", [ins[0], Longs(s, "starts", start), Longs(s, "ends", start + count), Longs(s, "axes", 1)], output);
                break;
            case "concat": Plain("Concat", Int("axis", 1)); break;
            case "permute": Plain("Transpose", Ints("perm", [.. ((int[])op.Settings["axes"]).Select(a => (long)a)])); break;
            case "transpose":
                var perm = Enumerable.Range(0, x.Shape.Rank).Select(a => (long)a).ToArray();
                (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
                Plain("Transpose", Ints("perm", perm));
                break;
            case "broadcast_to": Node("Expand", [ins[0], Longs(s, "shape", [.. ((Shape)op.Settings["shape"]).Dims.Select(d => (long)d)])], output); break;
            case "sum" when op.Settings.Count == 0: Plain("ReduceSum", Int("keepdims", 0)); break;
            case "mean" when op.Settings.Count == 0: Plain("ReduceMean", Int("keepdims", 0)); break;
            case "sum":
                Node("ReduceSum", [ins[0], Longs(s, "axes", IntSetting("axis"))], output, Int("keepdims", (bool)op.Settings["keepDims"] ? 1 : 0));
                break;
            case "mean": Plain("ReduceMean", Ints("axes", IntSetting("axis")), Int("keepdims", (bool)op.Settings["keepDims"] ? 1 : 0)); break;
            case "conv2d":
                var (stride, padding, kernel) = (IntSetting("stride"), IntSetting("padding"), op.Inputs[1].Shape[2]);
                Plain("Conv", Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding));
                break;
            case "max_pool2d" or "avg_pool2d":
                var (size, step) = (IntSetting("size"), IntSetting("stride"));
                Plain(op.Name == "max_pool2d" ? "MaxPool" : "AveragePool", Ints("kernel_shape", size, size), Ints("strides", step, step));
                break;
            case "channel_bias" or "channel_scale":
                var axis = IntSetting("axis") is var a && a < 0 ? a + x.Shape.Rank : IntSetting("axis");
                var perChannel = Node("Reshape", [ins[1], Longs(s, "channels", [op.Inputs[1].Shape.Size, .. Enumerable.Repeat(1L, x.Shape.Rank - 1 - axis)])],
                    Fresh(s, "per_channel"));
                Node(op.Name == "channel_bias" ? "Add" : "Mul", [ins[0], perChannel], output);
                break;
            case "layer_standardise":
                var features = new Shape(x.Shape[-1]);
                Node("LayerNormalization", [ins[0], ValueOf(Var<T>.Constant(Tensor<T>.Ones(features)), s, ofTheRun: false),
                    ValueOf(Var<T>.Constant(Tensor<T>.Zeros(features)), s, ofTheRun: false)],
                    output, Int("axis", -1), Float("epsilon", Setting("epsilon")));
                break;
            default:
                return Error.New($"layer '{where}': the rule '{op.Name}' has no ONNX translation, so this network cannot be exported");
        }
        return Unit.Default;
    }

    /// <summary>GELU's tanh form as the library computes it: x·σ(2·√(2/π)·(x + 0.044715x³)).</summary>
    private void Gelu(string x, string s, string output)
    {
        var x2 = Node("Mul", [x, x], Fresh(s, "gelu_x2"));
        var x3 = Node("Mul", [x2, x], Fresh(s, "gelu_x3"));
        var cubic = Node("Mul", [x3, Scalar(s, "gelu_a", T.CreateChecked(0.044715))], Fresh(s, "gelu_ax3"));
        var inner = Node("Add", [x, cubic], Fresh(s, "gelu_inner"));
        var scaled = Node("Mul", [inner, Scalar(s, "gelu_2c", T.CreateChecked(2 * 0.7978845608028654))], Fresh(s, "gelu_u"));
        var gate = Node("Sigmoid", [scaled], Fresh(s, "gelu_gate"));
        Node("Mul", [x, gate], output);
    }
}
