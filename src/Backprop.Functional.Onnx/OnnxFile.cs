using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Google.Protobuf;
using LanguageExt;
using LanguageExt.Common;
using Onnx;
using static LanguageExt.Prelude;

namespace Backprop.Functional.Interop;

/// <summary>
/// ONNX export of a trained network, run by ONNX Runtime and other ONNX tools. The network is traced: it runs once on
/// the sample input in evaluation mode and every rule it applies becomes ONNX nodes (opset 17), its parameters
/// initializers named by their paths ("dense_1/w"). Dropout is then the identity and batch norm uses its running
/// statistics, as in evaluation. The trace runs twice more to check it: with other input values (a constant computed
/// from the input outside the library's rules would be frozen, so that is an error naming its layer), and with one more
/// row (when nothing changes but the batch size, the graph's first axis is the symbolic "batch").
/// </summary>
public static class OnnxFile
{
    public const int Opset = 17;

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="path"/> atomically; returns the model written.</summary>
    public static Fin<OnnxModel> Export<T>(Layer<T> model, Params<T> parameters, Tensor<T> sampleInput, string path, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ToModel(model, parameters, sampleInput, state).Bind(m => AtomicFile.Write(path, m.Bytes).Map(_ => m));

    /// <summary>The ONNX model of <paramref name="model"/> (see <see cref="Onnx"/>), not written anywhere.</summary>
    public static Fin<OnnxModel> ToModel<T>(Layer<T> model, Params<T> parameters, Tensor<T> sampleInput, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (sampleInput.Shape.Rank == 0) return Error.New("ONNX export needs a sample input with a batch axis, got a scalar");
        Fin<(GraphProto Graph, Shape Output)> Graph(Tensor<T> x) =>
            Diff.Trace(model, x, parameters, state).Bind(t => OnnxGraph<T>.Translate(t).Map(g => (g, t.Output.Shape)));
        var moved = sampleInput * T.CreateChecked(1.25) + T.CreateChecked(0.5);
        var wider = Tensor<T>.Concat(0, sampleInput, sampleInput.Slice(0, 0, 1));
        return
            from first in Graph(sampleInput)
            from other in Graph(moved)
            from _ in SameGraph(first.Graph, other.Graph)
            let dynamic = Graph(wider).Match(w => SameNodes(first.Graph, w.Graph) ? Some(w.Output) : Option<Shape>.None, _ => Option<Shape>.None)
            select Describe(Model<T>(first.Graph, sampleInput.Shape, first.Output, dynamic));
    }

    /// <summary>The parameters stored in an ONNX file this library exported, checked against <paramref name="expected"/> (e.g. <c>model.Init(key, sample)</c>).</summary>
    public static Fin<Params<T>> ReadParams<T>(string path, Params<T> expected) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidProtocolBufferException)
        {
            return Error.New($"{path}: cannot read an ONNX model: {e.Message}");
        }
        var stored = model.Graph?.Initializer.GroupBy(i => i.Name).ToDictionary(g => g.Key, g => g.First()) ?? [];
        var read = new List<KeyValuePair<string, Tensor<T>>>();
        foreach (var (name, want) in expected)
        {
            if (!stored.TryGetValue(name, out var proto))
                return Error.New($"{path}: tensor '{name}' (layer '{Layers.LayerOf(name)}', shape {want.Shape}) is missing");
            var tensor = OnnxTensors.To<T>(proto, name, want.Shape, path);
            if (tensor.Case is Error e) return e;
            read.Add(new(name, (Tensor<T>)tensor.Case!));
        }
        return Params<T>.From(read);
    }

    private static OnnxModel Describe(ModelProto model) =>
        new(model.ToByteArray(), ShapeOf(model.Graph.Input[0]), ShapeOf(model.Graph.Output[0]), model.Graph.Node.Count);

    private static string ShapeOf(ValueInfoProto value) =>
        $"[{string.Join(", ", value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()))}]";

    private static Fin<Unit> SameGraph(GraphProto first, GraphProto other)
    {
        if (!first.Node.Equals(other.Node))
        {
            var at = Enumerable.Zip(first.Node, other.Node).FirstOrDefault(p => !p.First.Equals(p.Second)).First ?? first.Node.LastOrDefault();
            return Error.New($"the network's structure depends on its input's values (first at '{at?.Name}'), so no single ONNX graph computes it");
        }
        var changed = Enumerable.Zip(first.Initializer, other.Initializer).FirstOrDefault(p => !p.First.Equals(p.Second)).First;
        return changed is null && first.Initializer.Count == other.Initializer.Count ? Unit.Default
            : Error.New($"layer '{Layers.LayerOf(changed?.Name ?? "")}': the value '{changed?.Name}' changes with the input: it is computed from the input " +
                "outside the library's rules, so an export would freeze it; compute it with Ops");
    }

    private static bool SameNodes(GraphProto first, GraphProto other) =>
        first.Node.Equals(other.Node) && first.Initializer.Equals(other.Initializer);

    private static ModelProto Model<T>(GraphProto graph, Shape input, Shape output, Option<Shape> widerOutput)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var dynamic = widerOutput.IsSome;
        graph.Input.Add(Value<T>("input", input, dynamic ? i => i == 0 : _ => false));
        graph.Output.Add(Value<T>("output", output, widerOutput.Match(w => (Func<int, bool>)(i => w.Dims[i] != output.Dims[i]), () => _ => false)));
        var model = new ModelProto { IrVersion = 8, ProducerName = "Backprop.Functional", ProducerVersion = "0.1.0", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    private static ValueInfoProto Value<T>(string name, Shape shape, Func<int, bool> isBatch) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape.Dims.Select((d, i) => isBatch(i)
            ? new TensorShapeProto.Types.Dimension { DimParam = "batch" }
            : new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)OnnxTensors.DataType<T>(), Shape = tensorShape } },
        };
    }
}
