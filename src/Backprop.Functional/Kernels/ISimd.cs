using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// One register width for the kernels written once for both (<see cref="Simd512{T}"/> on AVX-512,
/// <see cref="Simd256{T}"/> on AVX2): the vector type TV of T, and the operations they (and <see cref="NarrowGemm{T}"/>) use on it. A kernel takes the
/// width as type arguments, so the JIT compiles it for each with the operations inlined.
/// </summary>
internal unsafe interface ISimd<TV, T> where TV : unmanaged where T : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs here, with masked loads and stores, for float and double.</summary>
    static abstract bool IsSupported { get; }

    static abstract TV Zero { get; }
    static abstract TV Load(T* src);
    static abstract void Store(TV v, T* dst);
    static abstract TV Broadcast(T value);
    static abstract TV Add(TV a, TV b);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract TV Fma(TV a, TV b, TV c);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TV v);

    /// <summary>The lanes of src that <paramref name="lanes"/> selects, zero elsewhere; the others are not read (no fault past a span's end).</summary>
    static abstract TV Load(T* src, TV lanes);

    /// <summary>Stores the lanes of v that <paramref name="lanes"/> selects; the others are not written.</summary>
    static abstract void Store(TV v, T* dst, TV lanes);

    /// <summary>A mask of the first n lanes.</summary>
    static abstract TV FirstLanes(int n);

    /// <summary>Stores the first n lanes of v (0 ≤ n; all of them when n ≥ <see cref="Count"/>).</summary>
    static abstract void Put(TV v, T* dst, int n);
}
