using System.Diagnostics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace Backprop.Functional.Tests.Serialisation;

public class SafetensorsFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 20_000;

    [Fact]
    public void Mutated_and_truncated_files_are_answered_with_values_never_exceptions()
    {
        var key = Key.Create(2024);
        var tree = Params<float>.From([
            new("dense_1/w", key.FoldIn(1).Normal<float>(new Shape(3, 4))),
            new("dense_1/b", Tensor<float>.Zeros(new Shape(4))),
            new("scale", Tensor.Scalar(2f)),
            new("empty", Tensor<float>.Zeros(new Shape(0, 3)))]);
        var file = Safetensors.Serialise(tree, new Dictionary<string, string> { ["format"] = "pt", ["step"] = "12" }).OrThrow();
        var headerEnd = 8 + (int)BitConverter.ToUInt64(file);
        var clock = Stopwatch.StartNew();
        int ok = 0, failed = 0;
        var kinds = new System.Collections.Generic.HashSet<string>();
        for (var i = 0; i < Cases; i++)
        {
            var mutant = Mutations.Mutate(file, headerEnd, key.FoldIn(1000 + i));
            Safetensors.Parse<float>(mutant, "fuzz", convert: i % 2 == 0).Match(
                f =>
                {
                    ok++;
                    // whatever was accepted must be a consistent file: it writes back and reads again the same
                    var again = Safetensors.Parse<float>(Safetensors.Serialise(f.Tensors, f.Metadata).OrThrow(), "again").OrThrow();
                    Assert.Equal(f.Tensors.Paths, again.Tensors.Paths);
                    return 0;
                },
                e =>
                {
                    failed++;
                    kinds.Add(Kind(e.Message));
                    Assert.StartsWith("fuzz: ", e.Message);
                    return 0;
                });
        }
        output.WriteLine($"{Cases} safetensors mutants: {failed} errors of {kinds.Count} kinds, {ok} valid, {clock.ElapsedMilliseconds} ms");
        Assert.InRange(failed, Cases / 2, Cases);
    }

    /// <summary>An error message with its numbers and quoted names blanked, to count the kinds of error met.</summary>
    private static string Kind(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"0x[0-9A-Fa-f]+|'[^']*'|\[[^\]]*\]|\d+|\(.*\)", "_");
}
