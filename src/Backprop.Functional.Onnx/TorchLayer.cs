using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Interop;

/// <summary>
/// How one of our layers' tensors sit in a PyTorch module's state_dict, told apart by their names and ranks:
/// dense "w" [in, out] ↔ Linear "weight" [out, in]; conv "w" ↔ Conv2d "weight" (both [out, in, k, k]); "b" ↔ "bias";
/// batch norm "gamma", "beta", state "running_mean", "running_var" ↔ BatchNorm "weight", "bias", "running_mean",
/// "running_var"; layer norm "gamma", "beta" ↔ LayerNorm "weight", "bias"; LSTM "wx" [f, 4h], "wh" [h, 4h], "b" ↔
/// "weight_ih_l0" [4h, f], "weight_hh_l0" [4h, h], "bias_ih_l0" + "bias_hh_l0" (gates i, f, g, o in both; our one
/// bias is their sum, exported as bias_ih with a zero bias_hh); GRU "wx", "wh", "bx", "bh" ↔ "weight_ih_l0",
/// "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" (gates r, z, n in both).
/// </summary>
internal static class TorchLayer
{
    /// <summary>The torch tensors of the layer at <paramref name="layer"/> (our names relative to it), keyed by torch name under <paramref name="module"/>.</summary>
    public static Fin<IReadOnlyList<(string Torch, Tensor<T> Value)>> Export<T>(string layer, string module, IReadOnlyDictionary<string, Tensor<T>> ours)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var names = ours.Keys.Order(StringComparer.Ordinal).ToArray();
        string M(string name) => module.Length == 0 ? name : $"{module}.{name}";
        Tensor<T> O(string name) => ours[name];
        IReadOnlyList<(string, Tensor<T>)>? list = string.Join(",", names) switch
        {
            "b,w" when O("w").Shape.Rank == 2 => [(M("weight"), O("w").Transpose()), (M("bias"), O("b"))],
            "b,w" when O("w").Shape.Rank == 4 => [(M("weight"), O("w")), (M("bias"), O("b"))],
            "beta,gamma,running_mean,running_var" => [(M("weight"), O("gamma")), (M("bias"), O("beta")), (M("running_mean"), O("running_mean")), (M("running_var"), O("running_var"))],
            "beta,gamma" => [(M("weight"), O("gamma")), (M("bias"), O("beta"))],
            "b,wh,wx" => [(M("weight_ih_l0"), O("wx").Transpose()), (M("weight_hh_l0"), O("wh").Transpose()), (M("bias_ih_l0"), O("b")), (M("bias_hh_l0"), Tensor<T>.Zeros(O("b").Shape))],
            "bh,bx,wh,wx" => [(M("weight_ih_l0"), O("wx").Transpose()), (M("weight_hh_l0"), O("wh").Transpose()), (M("bias_ih_l0"), O("bx")), (M("bias_hh_l0"), O("bh"))],
            _ => null,
        };
        return list is null
            ? Error.New($"layer '{layer}': no PyTorch layout for a layer with tensors {string.Join(", ", names.Select(n => $"'{n}' {ours[n].Shape}"))}")
            : Fin<IReadOnlyList<(string, Tensor<T>)>>.Succ(list);
    }

    /// <summary>Our tensors (names relative to the layer) from the torch ones, already checked to have the shapes <see cref="Export{T}"/> gives.</summary>
    public static IReadOnlyList<(string Ours, Tensor<T> Value)> Import<T>(IReadOnlyList<string> ourNames, IReadOnlyList<Tensor<T>> torch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        string.Join(",", ourNames.Order(StringComparer.Ordinal)) switch
        {
            "b,w" when torch[0].Shape.Rank == 2 => [("w", torch[0].Transpose()), ("b", torch[1])],
            "b,w" => [("w", torch[0]), ("b", torch[1])],
            "beta,gamma,running_mean,running_var" => [("gamma", torch[0]), ("beta", torch[1]), ("running_mean", torch[2]), ("running_var", torch[3])],
            "beta,gamma" => [("gamma", torch[0]), ("beta", torch[1])],
            "b,wh,wx" => [("wx", torch[0].Transpose()), ("wh", torch[1].Transpose()), ("b", torch[2] + torch[3])],
            _ => [("wx", torch[0].Transpose()), ("wh", torch[1].Transpose()), ("bx", torch[2]), ("bh", torch[3])],
        };
}
