using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y[.., c, ..] = x[.., c, ..] + b[c]: one bias per index of <paramref name="axis"/> (1: the channels of NCHW
    /// images or the features of [batch, features]). dy = dx + db[c]; ∂L/∂x = dy; ∂L/∂b[c] = Σ dy over every element of channel c.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> ChannelBias<T>(Tensor<T> x, Tensor<T> b, int axis = 1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var l = PerChannel("channel-bias", x.Shape, b.Shape, axis);
        var y = Tensor<T>.Build(x.Shape, d => Channels.Add(x.Span, b.Span, d, l));
        static Tensor<T> ChannelBiasPushforwardX(Tensor<T> dx) => dx;
        Tensor<T> ChannelBiasPushforwardB(Tensor<T> db) => Tensor<T>.Build(x.Shape, d => Channels.Add(Tensor<T>.Zeros(x.Shape).Span, db.Span, d, l));
        static Tensor<T> ChannelBiasPullbackX(Tensor<T> dy) => dy;
        Tensor<T> ChannelBiasPullbackB(Tensor<T> dy) => Tensor<T>.Build(b.Shape, d => Channels.Sum(dy.Span, d, l));
        return new(y, ChannelBiasPullbackX, ChannelBiasPullbackB) { PushforwardX = ChannelBiasPushforwardX, PushforwardY = ChannelBiasPushforwardB };
    }
}
