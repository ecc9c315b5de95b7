using System.Collections.Concurrent;
using Backprop.Functional.Kernels;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// The fork-join pool: every part runs once, part 0 on the caller, the workers take parts the caller has not, a worker
/// that does not start in time is called off, and a busy pool runs a second job inline.
/// </summary>
[Collection(WorkerPoolCollection.Name)]
public class WorkerPoolTests
{
    /// <summary>Records each part's index, count and thread; optionally runs <see cref="Inner"/> from part 0.</summary>
    private sealed class Recorder : ParallelJob
    {
        public readonly ConcurrentBag<(int Index, int Count, int Thread)> Parts = [];
        public Action? Inner;
        public int? Throws;                                  // the part that throws, if any

        public override void Execute(int index, int count)
        {
            Parts.Add((index, count, Environment.CurrentManagedThreadId));
            if (index == 0) Inner?.Invoke();
            if (index == Throws) throw new InvalidOperationException($"part {index} failed");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_part_runs_exactly_once_with_the_count_and_part_0_on_the_caller(int count)
    {
        var jobs = new List<Recorder>();
        for (var round = 0; round < 50; round++)   // back-to-back jobs: workers still spinning, or asleep
        {
            var job = new Recorder();
            jobs.Add(job);
            WorkerPool.Run(job, count);
            Assert.Equal(Enumerable.Range(0, count), job.Parts.Select(p => p.Index).Order());
            Assert.All(job.Parts, p => Assert.Equal(count, p.Count));
            Assert.Equal(Environment.CurrentManagedThreadId, job.Parts.Single(p => p.Index == 0).Thread);
        }
        Thread.Sleep(5);
        Assert.All(jobs, j => Assert.Equal(count, j.Parts.Count));   // no late worker ran a part of a job already returned
    }

    /// <summary>Each part waits until every part has started (or the timeout has passed), so they all ran at once only if each had a thread.</summary>
    private sealed class Rendezvous(int count, int timeoutMs = 10_000) : ParallelJob
    {
        private readonly CountdownEvent started = new(count);
        public readonly ConcurrentBag<(int Index, int Thread, string? Name, bool Background)> Parts = [];
        public volatile bool AllMet = true;

        public override void Execute(int index, int parts)
        {
            Parts.Add((index, Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsBackground));
            started.Signal();
            if (!started.Wait(timeoutMs)) AllMet = false;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_workers_run_parts_at_the_same_time_as_the_caller(int count)
    {
        var job = new Rendezvous(count);
        WorkerPool.Run(job, count);
        Assert.True(job.AllMet);
        Assert.Equal(count, job.Parts.Select(p => p.Thread).Distinct().Count());
        var helpers = job.Parts.Where(p => p.Thread != Environment.CurrentManagedThreadId).ToList();
        Assert.Equal(Enumerable.Range(1, count - 1).Select(i => $"gemm-worker-{i}"), helpers.Select(p => p.Name).Order());
        Assert.All(helpers, p => Assert.True(p.Background));   // a pool thread never keeps the process alive
    }

    [Fact]
    public void A_job_of_more_parts_than_threads_gets_no_more_threads_than_that()
    {
        var job = new Rendezvous(3, timeoutMs: 300);
        WorkerPool.Run(job, 3, threads: 2);
        Assert.False(job.AllMet);                                // the third part could only start once another ended
        Assert.Equal([0, 1, 2], job.Parts.Select(p => p.Index).Order());
        Assert.Equal(2, job.Parts.Select(p => p.Thread).Distinct().Count());
    }

    /// <summary>The first part a worker takes sleeps 200 ms; every other part is instant.</summary>
    private sealed class Staggered : ParallelJob
    {
        public readonly ConcurrentBag<(int Index, int Thread)> Parts = [];
        private int workerSlept;

        public override void Execute(int index, int count)
        {
            Parts.Add((index, Environment.CurrentManagedThreadId));
            if (Environment.CurrentManagedThreadId != caller && Interlocked.Exchange(ref workerSlept, 1) == 0) Thread.Sleep(200);
        }

        private readonly int caller = Environment.CurrentManagedThreadId;
    }

    [Fact]
    public void While_a_worker_is_held_up_the_caller_runs_the_parts_it_has_not_taken()
    {
        var job = new Staggered();
        WorkerPool.Run(job, 8, threads: 2);
        Assert.Equal(Enumerable.Range(0, 8), job.Parts.Select(p => p.Index).Order());
        Assert.True(job.Parts.Count(p => p.Thread == Environment.CurrentManagedThreadId) >= 7);
        Assert.True(job.Parts.Select(p => p.Thread).Distinct().Count() <= 2);   // one worker for two threads
    }

    [Fact]
    public void Workers_called_off_before_they_started_still_take_the_next_jobs()
    {
        for (var round = 0; round < 20; round++)
        {
            Thread.Sleep(1);                           // past the spin: the worker wakes slower than the caller runs both parts
            var quick = new Recorder();
            WorkerPool.Run(quick, 2);
            Assert.Equal([0, 1], quick.Parts.Select(p => p.Index).Order());
        }
        var job = new Rendezvous(2);
        WorkerPool.Run(job, 2);
        Assert.True(job.AllMet);
    }

    /// <summary>Part 0 waits until parts 1 and 2 have started on workers, which then take 30 and 60 ms: Run returns only once they have ended.</summary>
    private sealed class Slow : ParallelJob
    {
        public readonly int[] Done = new int[3];
        private readonly CountdownEvent others = new(2);
        public volatile bool OthersStarted;

        public override void Execute(int index, int count)
        {
            if (index == 0) OthersStarted = others.Wait(TimeSpan.FromSeconds(10));
            else
            {
                others.Signal();
                Thread.Sleep(30 * index);
            }
            Volatile.Write(ref Done[index], 1);
        }
    }

    [Fact]
    public void Run_returns_only_when_every_part_has_finished()
    {
        var job = new Slow();
        WorkerPool.Run(job, 3);
        Assert.True(job.OthersStarted);                      // parts 1 and 2 ran on workers, beside part 0
        Assert.Equal([1, 1, 1], Enumerable.Range(0, 3).Select(i => Volatile.Read(ref job.Done[i])));
    }

    [Fact]
    public void Workers_that_fell_asleep_wake_for_the_next_job()
    {
        WorkerPool.Run(new Recorder(), 2);
        Thread.Sleep(50);                            // far beyond the spin: the worker blocks on its semaphore
        var job = new Rendezvous(2);
        WorkerPool.Run(job, 2);
        Assert.True(job.AllMet);
    }

    [Fact]
    public void A_job_started_while_the_pool_is_busy_runs_all_its_parts_on_the_caller()
    {
        var inner = new Recorder();
        var outer = new Recorder { Inner = () => WorkerPool.Run(inner, 3) };
        WorkerPool.Run(outer, 2);
        Assert.Equal([0, 1], outer.Parts.Select(p => p.Index).Order());
        Assert.Equal([0, 1, 2], inner.Parts.Select(p => p.Index).Order());
        Assert.All(inner.Parts, p => Assert.Equal(Environment.CurrentManagedThreadId, p.Thread));
    }

    [Fact]
    public void Zero_parts_run_nothing()
    {
        var job = new Recorder();
        WorkerPool.Run(job, 0);
        Assert.Empty(job.Parts);
    }

    [Fact]
    public void Callers_on_several_threads_each_get_all_their_parts()
    {
        var jobs = Enumerable.Range(0, 16).Select(_ => new Recorder()).ToArray();
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => WorkerPool.Run(jobs[i], 1 + i % 4));
        for (var i = 0; i < jobs.Length; i++)
            Assert.Equal(Enumerable.Range(0, 1 + i % 4), jobs[i].Parts.Select(p => p.Index).Order());
    }

    [Fact]
    public void A_part_that_throws_on_the_caller_waits_for_the_others_and_frees_the_pool()
    {
        var job = new Recorder { Inner = () => throw new InvalidOperationException("part 0 failed") };
        Assert.Equal("part 0 failed", Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(job, 3)).Message);
        Assert.Equal([0, 1, 2], job.Parts.Select(p => p.Index).Order());   // the workers' parts had finished
        var next = new Rendezvous(2);
        WorkerPool.Run(next, 2);
        Assert.True(next.AllMet);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void A_part_that_throws_is_rethrown_on_the_caller_after_every_part_ran(int count, int throws)
    {
        var job = new Recorder { Throws = throws };
        Assert.Equal($"part {throws} failed", Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(job, count)).Message);
        Assert.Equal(Enumerable.Range(0, count), job.Parts.Select(p => p.Index).Order());
        var next = new Rendezvous(count);
        WorkerPool.Run(next, count);                        // the workers lived on, and the failure is not reported twice
        Assert.True(next.AllMet);
        Assert.Equal(count, next.Parts.Select(p => p.Thread).Distinct().Count());
    }

    [Fact]
    public void When_two_parts_throw_the_lower_parts_exception_wins_and_the_other_is_dropped()
    {
        // Part 0 throws 50 ms after part 1 has: the order they failed in does not decide.
        var job = new Recorder { Throws = 1, Inner = () => { Thread.Sleep(50); throw new ArgumentException("part 0 failed"); } };
        Assert.Equal("part 0 failed", Assert.Throws<ArgumentException>(() => WorkerPool.Run(job, 2)).Message);
        WorkerPool.Run(new Recorder(), 2);                  // would throw "part 1 failed" if the worker's were kept
    }

    [Fact]
    public void A_job_run_inline_runs_every_part_even_when_two_throw_and_the_first_ones_exception_wins()
    {
        var job = new Recorder { Throws = 2, Inner = () => throw new ArgumentException("part 0 failed") };
        Assert.Equal("part 0 failed", Assert.Throws<ArgumentException>(() => WorkerPool.Run(job, 3, threads: 1)).Message);
        Assert.Equal([0, 1, 2], job.Parts.Select(p => p.Index).Order());
        Assert.All(job.Parts, p => Assert.Equal(Environment.CurrentManagedThreadId, p.Thread));
    }
}
