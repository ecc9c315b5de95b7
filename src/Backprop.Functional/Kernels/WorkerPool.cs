using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Low-overhead fork-join over a few persistent background threads. Workers spin briefly after each job
/// (so back-to-back calls wake in microseconds), then block on a semaphore. The caller runs part 0 itself.
/// One job at a time: a caller that finds the pool busy runs every part inline, which gives the same
/// result because parts never share output. A part that throws on a worker does not take the process down: the
/// worker keeps the first such exception and the caller rethrows it once every part has finished.
/// </summary>
internal static class WorkerPool
{
    private const int Idle = 0, Posted = 1, Sleeping = 2;
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // ~200 µs
    private static int busy;
    private static Worker[] workers = [];
    private static ParallelJob? current;
    private static int currentCount;
    private static int pending;
    private static ExceptionDispatchInfo? failure;

    /// <summary>
    /// Runs <c>job.Execute(i, count)</c> for i in [0, count), part 0 on the calling thread. The pool is taken with a
    /// flag rather than a lock, so a part that starts a job of its own (a nested call on the same thread) finds it
    /// busy too and runs that job inline instead of overwriting the one in flight.
    /// </summary>
    public static void Run(ParallelJob job, int count)
    {
        if (count <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (var i = 0; i < count; i++) job.Execute(i, count);
            return;
        }
        try
        {
            if (workers.Length < count - 1) Grow(count - 1);
            current = job;
            currentCount = count;
            Volatile.Write(ref pending, count - 1);
            for (var i = 0; i < count - 1; i++) workers[i].Post();
            ExceptionDispatchInfo? thrown;
            try
            {
                job.Execute(0, count);
            }
            finally
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
                current = null;
                thrown = Interlocked.Exchange(ref failure, null);   // cleared even when part 0 threw (its exception wins)
            }
            thrown?.Throw();
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private static void Grow(int size)
    {
        var grown = new Worker[size];
        workers.CopyTo(grown, 0);
        for (var i = workers.Length; i < size; i++) grown[i] = new Worker(i + 1);
        workers = grown;
    }

    private sealed class Worker
    {
        private readonly int index;
        private readonly SemaphoreSlim wake = new(0);
        private int state = Idle;

        public Worker(int index)
        {
            this.index = index;
            new Thread(Loop) { IsBackground = true, Name = $"gemm-worker-{index}" }.Start();
        }

        public void Post()
        {
            if (Interlocked.Exchange(ref state, Posted) == Sleeping) wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                var deadline = Stopwatch.GetTimestamp() + SpinTicks;
                while (Volatile.Read(ref state) != Posted && Stopwatch.GetTimestamp() < deadline) Thread.SpinWait(20);
                if (Interlocked.CompareExchange(ref state, Sleeping, Idle) == Idle) wake.Wait();
                Volatile.Write(ref state, Idle);
                try { current!.Execute(index, currentCount); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null); }
                finally { Interlocked.Decrement(ref pending); }
            }
        }
    }
}
