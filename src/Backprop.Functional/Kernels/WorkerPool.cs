using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Low-overhead fork-join over a few persistent background threads. The caller and the workers it wakes take the
/// parts of a job in turn from a shared counter, the caller first (so it runs part 0), until none is left; a worker
/// the scheduler has not run yet by then is called off, so a busy core delays a job by at most the part its worker
/// is in, not by its whole share. Workers spin briefly after each job (so back-to-back calls wake in microseconds),
/// then block on a semaphore. One job at a time: a caller that finds the pool busy runs every part inline, which
/// gives the same result because parts never share output. A part that throws does not stop the others nor take the
/// process down: once every part has run, the caller rethrows the exception of the lowest-numbered part that threw.
/// </summary>
internal static class WorkerPool
{
    private const int Idle = 0, Posted = 1, Running = 2, Sleeping = 3;
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // ~200 µs
    private static readonly Lock failureGate = new();
    private static int busy;
    private static Worker[] workers = [];
    private static ParallelJob? current;
    private static int currentCount;
    private static int next;
    private static int failedPart;
    private static ExceptionDispatchInfo? failure;

    /// <summary>Runs the <paramref name="count"/> parts of <paramref name="job"/> on as many threads.</summary>
    public static void Run(ParallelJob job, int count) => Run(job, count, count);

    /// <summary>
    /// Runs <c>job.Execute(i, count)</c> once for each i in [0, count) on at most <paramref name="threads"/> threads,
    /// part 0 on the calling thread. The pool is taken with a flag rather than a lock, so a part that starts a job of
    /// its own (a nested call on the same thread) finds it busy too and runs that job inline instead of overwriting the
    /// one in flight.
    /// </summary>
    public static void Run(ParallelJob job, int count, int threads)
    {
        var helpers = Math.Min(count, threads) - 1;
        if (helpers <= 0 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            RunInline(job, count);
            return;
        }
        try
        {
            if (workers.Length < helpers) Grow(helpers);
            current = job;
            currentCount = count;
            failedPart = int.MaxValue;
            failure = null;
            Volatile.Write(ref next, 1);                    // part 0 is the caller's
            for (var i = 0; i < helpers; i++) workers[i].Post();
            RunPart(job, 0, count);
            Claim(job, count);
            for (var i = 0; i < helpers; i++) workers[i].Join();
            current = null;
            Interlocked.Exchange(ref failure, null)?.Throw();
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private static void RunInline(ParallelJob job, int count)
    {
        ExceptionDispatchInfo? first = null;   // its own record: the pool's may belong to the job in flight
        for (var i = 0; i < count; i++)
        {
            try { job.Execute(i, count); }
            catch (Exception e) { first ??= ExceptionDispatchInfo.Capture(e); }
        }
        first?.Throw();
    }

    /// <summary>Takes parts from the shared counter and runs them until none is left; keeps the lowest part's failure.</summary>
    private static void Claim(ParallelJob job, int count)
    {
        for (int i; (i = Interlocked.Increment(ref next) - 1) < count;) RunPart(job, i, count);
    }

    private static void RunPart(ParallelJob job, int part, int count)
    {
        try { job.Execute(part, count); }
        catch (Exception e)
        {
            lock (failureGate)
                if (part < failedPart) (failedPart, failure) = (part, ExceptionDispatchInfo.Capture(e));
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
        private readonly SemaphoreSlim wake = new(0);
        private int state = Idle;

        public Worker(int index) => new Thread(Loop) { IsBackground = true, Name = $"gemm-worker-{index}" }.Start();

        public void Post()
        {
            if (Interlocked.Exchange(ref state, Posted) == Sleeping) wake.Release();
        }

        /// <summary>Calls the worker off if it has not started, else waits until it has run out of parts.</summary>
        public void Join()
        {
            if (Interlocked.CompareExchange(ref state, Idle, Posted) == Posted) return;
            var spin = new SpinWait();
            while (Volatile.Read(ref state) == Running) spin.SpinOnce(sleep1Threshold: -1);
        }

        private void Loop()
        {
            while (true)
            {
                var deadline = Stopwatch.GetTimestamp() + SpinTicks;
                while (Volatile.Read(ref state) != Posted && Stopwatch.GetTimestamp() < deadline) Thread.SpinWait(20);
                if (Interlocked.CompareExchange(ref state, Sleeping, Idle) == Idle) wake.Wait();
                // Called off while it slept or spun: back to waiting. Otherwise the job is this worker's until it joins.
                if (Interlocked.CompareExchange(ref state, Running, Posted) != Posted) continue;
                Claim(current!, currentCount);
                Volatile.Write(ref state, Idle);
            }
        }
    }
}
