using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>AVX-512 registers for the kernels of <see cref="ISimd{TV, T}"/>: T is float or double.</summary>
internal readonly unsafe struct Simd512<T> : ISimd<Vector512<T>, T> where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    public static bool IsSupported => Avx512F.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* src) => Vector512.Load(src);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> v, T* dst) => v.Store(dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) => typeof(T) == typeof(float)
        ? Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
        : Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> v) => Vector512.Sum(v);

    /// <summary>A mask whose lanes lo ≤ l &lt; hi are all ones, the rest zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Between(int lo, int hi) => typeof(T) == typeof(float)
        ? (Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(lo)) & Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(hi))).As<int, T>()
        : (Vector512.GreaterThanOrEqual(Vector512<long>.Indices, Vector512.Create((long)lo)) & Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)hi))).As<long, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* src, Vector512<T> lanes) => typeof(T) == typeof(float)
        ? Avx512F.MaskLoad((float*)src, lanes.As<T, float>(), Vector512<float>.Zero).As<float, T>()
        : Avx512F.MaskLoad((double*)src, lanes.As<T, double>(), Vector512<double>.Zero).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> v, T* dst, Vector512<T> lanes)
    {
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)dst, lanes.As<T, float>(), v.As<T, float>());
        else Avx512F.MaskStore((double*)dst, lanes.As<T, double>(), v.As<T, double>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FirstLanes(int n) => typeof(T) == typeof(float)
        ? Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).As<int, T>()
        : Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)n)).As<long, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(Vector512<T> v, T* dst, int n)
    {
        if (n >= Vector512<T>.Count) v.Store(dst);
        else if (n > 0) Store(v, dst, FirstLanes(n));
    }
}
