using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>AVX2 registers (masked loads and stores by vmaskmov) for the kernels of <see cref="ISimd{TV, T}"/>: T is float or double.</summary>
internal readonly unsafe struct Simd256<T> : ISimd<Vector256<T>, T> where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    public static bool IsSupported => Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* src) => Vector256.Load(src);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> v, T* dst) => v.Store(dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c) => typeof(T) == typeof(float)
        ? Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
        : Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> v) => Vector256.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* src, Vector256<T> lanes) => typeof(T) == typeof(float)
        ? Avx.MaskLoad((float*)src, lanes.As<T, float>()).As<float, T>()
        : Avx.MaskLoad((double*)src, lanes.As<T, double>()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> v, T* dst, Vector256<T> lanes)
    {
        if (typeof(T) == typeof(float)) Avx.MaskStore((float*)dst, lanes.As<T, float>(), v.As<T, float>());
        else Avx.MaskStore((double*)dst, lanes.As<T, double>(), v.As<T, double>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FirstLanes(int n) => typeof(T) == typeof(float)
        ? Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n)).As<int, T>()
        : Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)n)).As<long, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(Vector256<T> v, T* dst, int n)
    {
        if (n >= Vector256<T>.Count) v.Store(dst);
        else if (n > 0) Store(v, dst, FirstLanes(n));
    }
}
