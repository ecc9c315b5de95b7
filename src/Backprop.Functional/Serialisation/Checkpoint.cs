using System.Globalization;
using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Serialisation;

/// <summary>
/// Everything needed to resume training bit for bit: the step, the key for what follows, the
/// parameters, the layer state and the optimiser state (an opaque tree). Saved as one safetensors
/// file with the trees under "params/", "state/" and "opt/", and the step and key in "__metadata__";
/// written atomically, so a crash mid-save leaves the previous checkpoint intact.
/// </summary>
public sealed record Checkpoint<T>(int Step, Key Key, Params<T> Params, Params<T> LayerState, Params<T> OptimiserState)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const string Format = "backprop.checkpoint/1";
    private static readonly string[] Prefixes = ["params/", "state/", "opt/"];

    public Fin<Unit> Save(string path) => Safetensors.Write(path, Flatten(), Metadata());

    public Fin<byte[]> ToBytes() => Safetensors.Serialise(Flatten(), Metadata());

    public static Fin<Checkpoint<T>> Load(string path) => Safetensors.Read<T>(path).Bind(f => From(f, path));

    public static Fin<Checkpoint<T>> FromBytes(byte[] bytes, string source) => Safetensors.Parse<T>(bytes, source).Bind(f => From(f, source));

    private Params<T> Flatten() => Params<T>.From(
        new[] { Params, LayerState, OptimiserState }.SelectMany((tree, i) =>
            tree.Select(e => KeyValuePair.Create(Prefixes[i] + e.Key, e.Value))));

    private Dictionary<string, string> Metadata() => new()
    {
        ["format"] = Format,
        ["step"] = Step.ToString(CultureInfo.InvariantCulture),
        ["key"] = Key.Value.ToString("X16", CultureInfo.InvariantCulture),
    };

    private static Fin<Checkpoint<T>> From(SafetensorsFile<T> file, string source)
    {
        var m = file.Metadata;
        if (m.GetValueOrDefault("format") != Format)
            return Error.New($"{source}: __metadata__ format is '{m.GetValueOrDefault("format")}', not '{Format}': not a checkpoint");
        if (!int.TryParse(m.GetValueOrDefault("step"), NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            return Error.New($"{source}: __metadata__ step '{m.GetValueOrDefault("step")}' is not a non-negative integer");
        if (!ulong.TryParse(m.GetValueOrDefault("key"), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key))
            return Error.New($"{source}: __metadata__ key '{m.GetValueOrDefault("key")}' is not a 64-bit hexadecimal number");
        if (file.Tensors.Paths.FirstOrDefault(p => !Prefixes.Any(x => p.StartsWith(x, StringComparison.Ordinal))) is { } stray)
            return Error.New($"{source}: tensor '{stray}' is under none of {string.Join(", ", Prefixes)}");
        Params<T> Tree(int i) => Params<T>.From(file.Tensors
            .Where(e => e.Key.StartsWith(Prefixes[i], StringComparison.Ordinal))
            .Select(e => KeyValuePair.Create(e.Key[Prefixes[i].Length..], e.Value)));
        return new Checkpoint<T>(step, new Key(key), Tree(0), Tree(1), Tree(2));
    }
}
