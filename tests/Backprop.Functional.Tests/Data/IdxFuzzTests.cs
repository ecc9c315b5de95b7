using System.Diagnostics;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Backprop.Functional.Tests.Serialisation;
using Xunit;
using Xunit.Abstractions;

namespace Backprop.Functional.Tests.Data;

public class IdxFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 20_000;

    [Fact]
    public void Mutated_and_truncated_idx_files_are_answered_with_values_never_exceptions()
    {
        var key = Key.Create(77);
        byte[][] files = [IdxBytes.UBytes([5, 4, 3]), IdxBytes.Make(0x0B, [3, 2], new byte[12]), IdxBytes.Make(0x0D, [4], new byte[16])];
        var clock = Stopwatch.StartNew();
        int ok = 0, failed = 0;
        var kinds = new System.Collections.Generic.HashSet<string>();
        for (var i = 0; i < Cases; i++)
        {
            var k = key.FoldIn(i);
            var file = files[i % files.Length];
            var mutant = Mutations.Mutate(file, 4 + 4 * file[3], k);
            var gzip = i % 4 == 3;
            var input = gzip ? (i % 8 == 7 ? Mutations.Mutate(IdxBytes.Gzip(file), 10, k.FoldIn(1)) : IdxBytes.Gzip(mutant)) : mutant;
            Idx.Read(new MemoryStream(input), "fuzz.idx", gzip).Match(
                a =>
                {
                    ok++;
                    Assert.Equal(a.Shape.Size, a.ToTensor<double>().Size);
                    a.ToLabels(10).Match(_ => 0, e => { Assert.StartsWith("fuzz.idx: ", e.Message); return 0; });
                    return 0;
                },
                e =>
                {
                    failed++;
                    kinds.Add(Kind(e.Message));
                    Assert.StartsWith("fuzz.idx: ", e.Message);
                    return 0;
                });
        }
        output.WriteLine($"{Cases} IDX mutants: {failed} errors of {kinds.Count} kinds, {ok} valid, {clock.ElapsedMilliseconds} ms");
        Assert.InRange(failed, Cases / 2, Cases);
    }

    /// <summary>An error message with its numbers and quoted names blanked, to count the kinds of error met.</summary>
    private static string Kind(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"0x[0-9A-Fa-f]+|'[^']*'|\[[^\]]*\]|\d+|\(.*\)", "_");
}
