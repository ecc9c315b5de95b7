using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Serialisation;

public class SafetensorsPropertyTests
{
    private static readonly string[] Names = ["a", "b/c", "dense_1/w", "dense_1/b", "conv_2/kernel", "ünï/çødé"];

    private static readonly Dictionary<string, string> Metadata = new() { ["note"] = "a \"quoted\"\nline", ["step"] = "7" };

    /// <summary>Any bit pattern (NaNs with payloads, infinities, subnormals, -0) for <paramref name="count"/> values.</summary>
    private static Gen<T[]> Bits<T>(int count) where T : unmanaged =>
        Gen.Choose(0, 255).ArrayOf(count * Marshal.SizeOf<T>())
            .Select(bytes => MemoryMarshal.Cast<byte, T>(bytes.Select(b => (byte)b).ToArray()).ToArray());

    private static Gen<Tensor<T>> Tensors<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from rank in Gen.Choose(0, 3)
        from dims in Gen.Choose(0, 4).ArrayOf(rank)
        from values in Bits<T>(dims.Aggregate(1, (a, b) => a * b))
        select Tensor<T>.FromSpan(new Shape(dims), values);

    private static Arbitrary<Params<T>> Trees<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (from names in Gen.SubListOf(Names)
         from tensors in Tensors<T>().ArrayOf(names.Count)
         select Params<T>.From(names.Zip(tensors, KeyValuePair.Create))).ToArbitrary();

    private static bool SameBits<T>(Params<T> a, Params<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        a.Paths.SequenceEqual(b.Paths)
        && a.All(e => b[e.Key].Shape == e.Value.Shape && MemoryMarshal.AsBytes(b[e.Key].Span).SequenceEqual(MemoryMarshal.AsBytes(e.Value.Span)));

    private static bool RoundTrips<T>(Params<T> p) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var file = Safetensors.Parse<T>(Safetensors.Serialise(p, Metadata).OrThrow(), "mem").OrThrow();
        return SameBits(p, file.Tensors) && file.Metadata.SequenceEqual(Metadata.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Property(MaxTest = 200)]
    public Property Float_trees_round_trip_bit_exactly() => Prop.ForAll(Trees<float>(), RoundTrips);

    [Property(MaxTest = 200)]
    public Property Double_trees_round_trip_bit_exactly() => Prop.ForAll(Trees<double>(), RoundTrips);

    [Property(MaxTest = 50)]
    public Property Widening_float_to_double_keeps_every_value() => Prop.ForAll(Trees<float>(), p =>
        SameBits(Params<double>.From(p.Select(e => KeyValuePair.Create(e.Key, e.Value.Cast<double>()))), Safetensors.Parse<double>(Safetensors.Serialise(p).OrThrow(), "mem", convert: true).OrThrow().Tensors));

    [Property(MaxTest = 20)]
    public Property Files_round_trip() => Prop.ForAll(Trees<double>(), p =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"bf-roundtrip-{Guid.NewGuid():N}.safetensors");
        Safetensors.Write(path, p).OrThrow();
        var back = Safetensors.ReadParams<double>(path).OrThrow();
        File.Delete(path);
        return SameBits(p, back);
    });
}
