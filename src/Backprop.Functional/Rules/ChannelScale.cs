using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y[.., c, ..] = x[.., c, ..]·s[c]: one scale per index of <paramref name="axis"/> (the γ of batch and layer norm).
    /// dy = dx·s[c] + x·ds[c]; ∂L/∂x = dy·s[c]; ∂L/∂s[c] = Σ dy·x over every element of channel c.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> ChannelScale<T>(Tensor<T> x, Tensor<T> s, int axis = 1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var l = PerChannel("channel-scale", x.Shape, s.Shape, axis);
        var y = Tensor<T>.Build(x.Shape, d => Channels.Scale(x.Span, s.Span, d, l));
        Tensor<T> ChannelScalePushforwardX(Tensor<T> dx) => Tensor<T>.Build(x.Shape, d => Channels.Scale(dx.Span, s.Span, d, l));
        Tensor<T> ChannelScalePushforwardS(Tensor<T> ds) => Tensor<T>.Build(x.Shape, d => Channels.Scale(x.Span, ds.Span, d, l));
        Tensor<T> ChannelScalePullbackX(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Channels.Scale(dy.Span, s.Span, d, l));
        Tensor<T> ChannelScalePullbackS(Tensor<T> dy) => Tensor<T>.Build(s.Shape, d => Channels.Dot(dy.Span, x.Span, d, l));
        return new(y, ChannelScalePullbackX, ChannelScalePullbackS) { PushforwardX = ChannelScalePushforwardX, PushforwardY = ChannelScalePushforwardS };
    }
}
