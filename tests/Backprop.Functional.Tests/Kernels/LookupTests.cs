using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Embedding gathers and scatter-adds over a [rows, dim] table against per-element loops in double.</summary>
public class LookupTests
{
    /// <summary>A table of 1..20 rows, rows of dim 1..65, batch 0..5 of 1..7 ids each (some −1: padding).</summary>
    private static Arbitrary<(int TableRows, int Dim, int Batch, int Length, int Seed)> Cases() =>
        (from tableRows in Gen.Choose(1, 20)
         from dim in Gen.OneOf(Gen.Elements(1, 3, 7, 17, 33, 65), Gen.Choose(1, 40))
         from batch in Gen.Choose(0, 5)
         from length in Gen.Choose(1, 7)
         from seed in KernelGen.Seed
         select (TableRows: tableRows, Dim: dim, Batch: batch, Length: length, Seed: seed)).ToArbitrary();

    /// <summary>
    /// The first value that is not a whole number in 0..limit − 1 (negative whole numbers pass when padding is allowed,
    /// as id −1) is reported; the ids before it are the values. Bad values: fractions, limit and beyond, NaN, ±∞.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property ToIds_converts_whole_numbers_and_reports_the_first_bad_value() =>
        Prop.ForAll((from n in KernelGen.Length
                     from limit in Gen.Choose(1, 1000)
                     from allowPadding in Gen.Elements(false, true)
                     from seed in KernelGen.Seed
                     select (Length: n, Limit: limit, AllowPadding: allowPadding, Seed: seed)).ToArbitrary(),
            c => { ToIds<float>(c.Length, c.Limit, c.AllowPadding, c.Seed); ToIds<double>(c.Length, c.Limit, c.AllowPadding, c.Seed); });

    /// <summary>dst[i, :] = table[ids[i], :]: a copy, exact.</summary>
    [Property(MaxTest = 150)]
    public Property Gather_copies_the_rows_of_the_ids() =>
        Prop.ForAll(Cases(), c => { Gather<float>(c); Gather<double>(c); });

    /// <summary>dtable[r, :] = Σ_{i: ids[i] = r} dy[i, :] (k terms: ≤ (k − 1)u·Σ|terms|, doubled), all other rows 0.</summary>
    [Property(MaxTest = 150)]
    public Property ScatterAdd_sums_the_rows_of_each_id() =>
        Prop.ForAll(Cases(), c => { ScatterAdd<float>(c); ScatterAdd<double>(c); });

    /// <summary>
    /// dst[b, :] = the mean of table[id, :] over the row's ids ≥ 0, zeros for a row of padding only: k − 1 additions and a
    /// division, ≤ k·u·mean|terms|, doubled; and its pullback dtable[id, :] += dy[b, :]/k_b, three roundings per term
    /// (1/k, the product, the addition) and the additions between terms.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property BagMean_averages_the_ids_of_each_row_and_its_pullback_spreads_dy() =>
        Prop.ForAll(Cases(), c => { BagMean<float>(c); BagMean<double>(c); });

    private static void ToIds<T>(int n, int limit, bool allowPadding, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var values = new T[n];
        for (var i = 0; i < n; i++)
            values[i] = T.CreateChecked(rng.Next(40) switch
            {
                0 => -1 - rng.Next(3),
                1 => rng.Next(limit) + 0.5,
                2 => limit + rng.Next(3),
                3 => new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 1e12 }[rng.Next(5)],
                _ => rng.Next(limit),
            });
        var ids = Samples.Filled(n, int.MinValue);
        var bad = Lookup.ToIds<T>(values, ids, limit, allowPadding);
        var expected = -1;
        for (var i = 0; i < n && expected < 0; i++)
        {
            var v = double.CreateChecked(values[i]);
            if (!(double.IsFinite(v) && Math.Floor(v) == v && v < limit && (v >= 0 || allowPadding))) expected = i;
        }
        var what = $"{typeof(T).Name} ToIds n {n} limit {limit} padding {allowPadding} seed {seed}";
        Assert.True(bad == expected, $"{what}: reported {bad}, expected {expected}");
        for (var i = 0; i < (expected < 0 ? n : expected); i++)
        {
            var v = double.CreateChecked(values[i]);
            Assert.True(ids[i] == (v < 0 ? -1 : (int)v), $"{what}: ids[{i}] = {ids[i]} for {v}");
        }
    }

    private static void Gather<T>((int TableRows, int Dim, int Batch, int Length, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(c.Seed);
        var table = Samples.Normal<T>(rng, c.TableRows * c.Dim);
        var ids = Ids(rng, c.Batch * c.Length, c.TableRows, padding: false);
        var dst = Samples.Filled(ids.Length * c.Dim, T.NaN);
        Lookup.Gather<T>(table, ids, dst, c.Dim);
        for (var i = 0; i < ids.Length; i++)
            for (var k = 0; k < c.Dim; k++)
                Exactly(double.CreateChecked(dst[i * c.Dim + k]), double.CreateChecked(table[ids[i] * c.Dim + k]), $"{typeof(T).Name} Gather {c}", i * c.Dim + k);
    }

    private static void ScatterAdd<T>((int TableRows, int Dim, int Batch, int Length, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(c.Seed);
        var ids = Ids(rng, c.Batch * c.Length, c.TableRows, padding: false);
        var dy = Samples.Normal<T>(rng, ids.Length * c.Dim);
        var dtable = Samples.Filled(c.TableRows * c.Dim, T.NaN);
        Lookup.ScatterAdd<T>(dy, ids, dtable, c.Dim);
        var (expected, magnitude, terms) = (new double[dtable.Length], new double[dtable.Length], new int[c.TableRows]);
        for (var i = 0; i < ids.Length; i++)
        {
            terms[ids[i]]++;
            for (var k = 0; k < c.Dim; k++)
            {
                var g = double.CreateChecked(dy[i * c.Dim + k]);
                (expected[ids[i] * c.Dim + k], magnitude[ids[i] * c.Dim + k]) = (expected[ids[i] * c.Dim + k] + g, magnitude[ids[i] * c.Dim + k] + Math.Abs(g));
            }
        }
        for (var at = 0; at < dtable.Length; at++)
            Within(double.CreateChecked(dtable[at]), expected[at], Bound<T>(2 * terms[at / c.Dim], magnitude[at]), $"{typeof(T).Name} ScatterAdd {c}", at);
    }

    private static void BagMean<T>((int TableRows, int Dim, int Batch, int Length, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (dim, length) = (c.Dim, c.Length);
        var rng = new Random(c.Seed);
        var table = Samples.Normal<T>(rng, c.TableRows * dim);
        var ids = Ids(rng, c.Batch * length, c.TableRows, padding: true);
        if (c.Batch > 0 && rng.Next(3) == 0) ids.AsSpan(0, length).Fill(-1);   // a row of padding only
        T[] dst = Samples.Filled(c.Batch * dim, T.NaN), dy = Samples.Normal<T>(rng, c.Batch * dim), dtable = Samples.Filled(table.Length, T.NaN);
        Lookup.BagMean<T>(table, ids, dst, length, dim);
        Lookup.BagMeanBackward<T>(dy, ids, dtable, length, dim);
        var (expected, magnitude, terms) = (new double[dtable.Length], new double[dtable.Length], new int[c.TableRows]);
        for (var b = 0; b < c.Batch; b++)
        {
            var tokens = ids.AsSpan(b * length, length).ToArray().Where(id => id >= 0).ToArray();
            for (var k = 0; k < dim; k++)
            {
                var values = tokens.Select(id => double.CreateChecked(table[id * dim + k])).ToArray();
                var mean = values.Length == 0 ? 0 : values.Sum() / values.Length;
                var bound = values.Length == 0 ? 0 : Bound<T>(2 * values.Length, values.Sum(Math.Abs) / values.Length);
                Within(double.CreateChecked(dst[b * dim + k]), mean, bound, $"{typeof(T).Name} BagMean {c}", b * dim + k);
                foreach (var id in tokens)
                {
                    var share = double.CreateChecked(dy[b * dim + k]) / tokens.Length;
                    (expected[id * dim + k], magnitude[id * dim + k]) = (expected[id * dim + k] + share, magnitude[id * dim + k] + Math.Abs(share));
                }
            }
            foreach (var id in tokens) terms[id]++;
        }
        for (var at = 0; at < dtable.Length; at++)
            Within(double.CreateChecked(dtable[at]), expected[at], Bound<T>(2 * (terms[at / dim] + 2), magnitude[at]), $"{typeof(T).Name} BagMeanBackward {c}", at);
    }

    /// <summary>Ids into a table of <paramref name="rows"/> rows, with repeats; with <paramref name="padding"/>, a quarter are −1.</summary>
    private static int[] Ids(Random rng, int count, int rows, bool padding) =>
        Enumerable.Range(0, count).Select(_ => padding && rng.Next(4) == 0 ? -1 : rng.Next(rows)).ToArray();
}
