using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Interop;

/// <summary>
/// Parameters (and layer state) to and from a PyTorch <c>state_dict</c> saved as safetensors
/// (<c>safetensors.torch.save_file(model.state_dict(), path)</c>; integer tensors such as BatchNorm's
/// <c>num_batches_tracked</c> are set aside on reading, and PyTorch fills that one in when it loads ours). Each of our layers maps to one torch module by name: a map from our layer path ("dense_1",
/// "residual_1/dense_2") to the module's ("0", "block.fc1"), given by you or made by <see cref="SequentialNames{T}"/>
/// for a plain <c>nn.Sequential</c>. Names and layouts per layer are in <see cref="TorchLayer"/>'s table (a dense
/// weight is transposed, a convolution's is not). Reading checks every tensor first and returns all or nothing.
/// </summary>
public static class TorchStateDict
{
    /// <summary>
    /// The module names of a plain <c>nn.Sequential</c> of the same layers: the model runs once on
    /// <paramref name="sample"/>, and each top-level layer (a scope such as "dense_1", or a rule outside any scope,
    /// such as a ReLU or a flatten) takes the next index, as each module does in PyTorch.
    /// </summary>
    public static Fin<IReadOnlyDictionary<string, string>> SequentialNames<T>(Layer<T> model, Params<T> parameters, Tensor<T> sample, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Trace(model, sample, parameters, state).Map(trace =>
        {
            var modules = trace.Scopes.Where(s => !s.Path.Contains('/')).Select(s => (At: s.OpsBefore, Order: 0, Path: (string?)s.Path))
                .Concat(trace.Ops.Select((op, i) => (At: i, Order: 1, Path: op.Scope.Length == 0 ? null : (string?)"")).Where(m => m.Path is null))
                .OrderBy(m => m.At).ThenBy(m => m.Order).ToArray();
            return (IReadOnlyDictionary<string, string>)modules.Select((m, i) => (m.Path, Index: i)).Where(m => m.Path is not null)
                .ToDictionary(m => m.Path!, m => m.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    /// <summary>The torch state_dict of <paramref name="parameters"/> and <paramref name="state"/>, keyed by torch names ("0.weight").</summary>
    public static Fin<Params<T>> ToTorch<T>(Params<T> parameters, Params<T> state, IReadOnlyDictionary<string, string> modules)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var torch = new List<KeyValuePair<string, Tensor<T>>>();
        foreach (var (layer, tensors) in ByLayer(parameters, state))
        {
            if (!modules.TryGetValue(layer, out var module))
                return Error.New($"layer '{layer}' has no PyTorch module name in the map (it names {string.Join(", ", modules.Keys.Select(k => $"'{k}'"))})");
            var exported = TorchLayer.Export(layer, module, tensors);
            if (exported.Case is Error e) return e;
            torch.AddRange(exported.IfFail([]).Select(t => KeyValuePair.Create(t.Torch, t.Value)));
        }
        return Params<T>.From(torch);
    }

    /// <summary>Writes the torch state_dict (see <see cref="ToTorch{T}"/>) to a safetensors file, atomically.</summary>
    public static Fin<Unit> Write<T>(string path, Params<T> parameters, Params<T> state, IReadOnlyDictionary<string, string> modules)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ToTorch(parameters, state, modules).Bind(torch => Safetensors.Write(path, torch, new Dictionary<string, string> { ["format"] = "pt" }));

    /// <summary>
    /// Our parameters and state from a torch state_dict in safetensors, for a network whose own (from <c>Init</c>) are
    /// <paramref name="expectedParams"/> and <paramref name="expectedState"/>. A tensor that is missing, or of another
    /// shape or dtype, is one error naming it, both shapes and our layer path.
    /// </summary>
    public static Fin<(Params<T> Params, Params<T> State)> Read<T>(string path, Params<T> expectedParams, Params<T> expectedState,
        IReadOnlyDictionary<string, string> modules) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from file in TorchFile<T>.Read(path)
        from loaded in FromTorch(file.Tensors, file.Stored, expectedParams, expectedState, modules, path)
        select loaded;

    /// <summary>As <see cref="Read{T}"/>, from tensors already in memory (keyed by torch names, all of dtype <typeparamref name="T"/>).</summary>
    public static Fin<(Params<T> Params, Params<T> State)> FromTorch<T>(Params<T> torch, Params<T> expectedParams, Params<T> expectedState,
        IReadOnlyDictionary<string, string> modules, string source = "state_dict") where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        FromTorch(torch, torch.ToDictionary(e => e.Key, e => (Safetensors.Dtype<T>() ?? "", e.Value.Shape)), expectedParams, expectedState, modules, source);

    private static Fin<(Params<T> Params, Params<T> State)> FromTorch<T>(Params<T> torch, IReadOnlyDictionary<string, (string Dtype, Shape Shape)> stored,
        Params<T> expectedParams, Params<T> expectedState, IReadOnlyDictionary<string, string> modules, string source)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var wanted = Safetensors.Dtype<T>();
        var read = new List<KeyValuePair<string, Tensor<T>>>();
        foreach (var (layer, tensors) in ByLayer(expectedParams, expectedState))
        {
            if (!modules.TryGetValue(layer, out var module))
                return Error.New($"layer '{layer}' has no PyTorch module name in the map (it names {string.Join(", ", modules.Keys.Select(k => $"'{k}'"))})");
            var expected = TorchLayer.Export(layer, module, tensors);
            if (expected.Case is Error e) return e;
            var found = new List<Tensor<T>>();
            foreach (var (name, want) in expected.IfFail([]))
            {
                var problem = !stored.TryGetValue(name, out var file) ? $"tensor '{name}' is missing (layer '{layer}' needs it with shape {want.Shape})"
                    : file.Dtype != wanted ? $"tensor '{name}' (layer '{layer}') is {file.Dtype} {file.Shape} but the network needs {wanted} {want.Shape}"
                    : file.Shape != want.Shape ? $"tensor '{name}' (layer '{layer}') has shape {file.Shape} but the network needs {want.Shape}"
                    : null;
                if (problem is not null) return Error.New($"{source}: {problem}");
                found.Add(torch[name]);
            }
            read.AddRange(TorchLayer.Import([.. tensors.Keys], found).Select(t => KeyValuePair.Create($"{layer}/{t.Ours}", t.Value)));
        }
        var all = read.ToDictionary(e => e.Key, e => e.Value);
        return (Params<T>.From(expectedParams.Select(e => KeyValuePair.Create(e.Key, all[e.Key]))),
                Params<T>.From(expectedState.Select(e => KeyValuePair.Create(e.Key, all[e.Key]))));
    }

    /// <summary>Parameters and state grouped by layer path, names relative to it.</summary>
    private static IEnumerable<(string Layer, IReadOnlyDictionary<string, Tensor<T>> Tensors)> ByLayer<T>(Params<T> parameters, Params<T> state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters.Concat(state).GroupBy(e => Layers.LayerOf(e.Key))
            .Select(g => (g.Key, (IReadOnlyDictionary<string, Tensor<T>>)g.ToDictionary(e => e.Key[(g.Key.Length + 1)..], e => e.Value)));
}
