using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Testing;

/// <summary>Many values of a generator from a fixed seed, for tests of the generators themselves.</summary>
internal static class Samples
{
    public static T[] Of<T>(Gen<T> gen, int count = 300) => Gen.Sample(gen, count, new Rnd(12345UL), 10);
}
