using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>
/// The arena's bookkeeping, read through its internals: which buffers go back to this thread's pool, which never do,
/// and that a donated tensor refuses to be read. Each test uses a buffer length no other test rents.
/// </summary>
public class TensorPoolTests
{
    private static Tensor<double> Wrap(double[] buffer) => Tensor<double>.Own(new Shape(buffer.Length), buffer);

    /// <summary>Rents <paramref name="count"/> buffers of <paramref name="length"/> from a fresh arena and leaves it.</summary>
    private static double[][] Drain(int length, int count)
    {
        var arena = TensorArena<double>.Detached();
        var buffers = Enumerable.Range(0, count).Select(_ => arena.Rent(length)).ToArray();
        arena.Abandon();
        return buffers;
    }

    [Fact]
    public void Exit_gives_back_what_did_not_escape_and_was_not_kept()
    {
        const int length = 1001;
        var arena = TensorArena<double>.Detached();
        var (free, kept, escaped) = (Wrap(arena.Rent(length)), Wrap(arena.Rent(length)), Wrap(arena.Rent(length)));
        Assert.Equal(3, arena.Count);
        arena.Keep(kept);
        arena.Exit([escaped]);
        Assert.True(arena.WasReturned(free));
        Assert.False(arena.WasReturned(kept));
        Assert.False(arena.WasReturned(escaped));
        var again = Drain(length, 2);
        Assert.Same(free.Buffer, again[0]);
        Assert.DoesNotContain(again[1], new[] { kept.Buffer, escaped.Buffer });
    }

    [Fact]
    public void Escaped_buffers_are_lent_only_when_asked_and_their_loan_ends_once()
    {
        var arena = TensorArena<double>.Detached();
        var lent = Wrap(arena.Rent(1002));
        arena.Exit([lent]);
        Assert.True(lent.EndLoan());
        Assert.False(lent.EndLoan());
        var other = TensorArena<double>.Detached();
        var owned = Wrap(other.Rent(1002));
        other.Exit([owned], lend: false);
        Assert.False(owned.EndLoan());
    }

    [Fact]
    public void What_the_last_exit_gave_back_is_forgotten_at_the_next()
    {
        var first = TensorArena<double>.Detached();
        var t = Wrap(first.Rent(1003));
        first.Exit([]);
        Assert.True(first.WasReturned(t));
        var second = TensorArena<double>.Detached();
        second.Rent(1004);
        second.Exit([]);
        Assert.False(first.WasReturned(t));
    }

    [Fact]
    public void An_arena_forgets_its_buffers_once_it_has_left()
    {
        var arena = TensorArena<double>.Detached();
        var kept = Wrap(arena.Rent(1005));
        arena.Keep(kept);
        arena.Exit([]);
        Assert.Equal(0, arena.Count);
        arena.Exit([]);                                           // nothing left to give back, the kept buffer included
        Assert.False(arena.WasReturned(kept));
        Assert.DoesNotContain(kept.Buffer, Drain(1005, 2));
    }

    [Fact]
    public void The_pool_holds_at_most_64_buffers_of_a_length()
    {
        var arena = TensorArena<double>.Detached();
        var rented = Enumerable.Range(0, 65).Select(_ => arena.Rent(1006)).ToHashSet(ReferenceEqualityComparer.Instance);
        arena.Exit([]);
        var again = Drain(1006, 65);
        Assert.Equal(64, again.Count(rented.Contains));
    }

    [Fact]
    public void Abandon_keeps_every_buffer()
    {
        var rented = Drain(1007, 2);
        Assert.DoesNotContain(Drain(1007, 2), b => rented.Contains(b));
    }

    [Fact]
    public void Recycle_gives_back_lent_buffers_that_are_dead_and_not_alive()
    {
        var arena = TensorArena<double>.Detached();
        var (dead, alive) = (Wrap(arena.Rent(1008)), Wrap(arena.Rent(1008)));
        arena.Exit([dead, alive]);
        var mine = Wrap(new double[1008]);
        TensorArena<double>.Recycle([dead, alive, mine, dead], [alive]);
        var again = Drain(1008, 3);
        Assert.Same(dead.Buffer, again[0]);
        Assert.Equal(1, again.Count(b => ReferenceEquals(b, dead.Buffer)));     // once, though passed twice
        Assert.DoesNotContain(again, b => ReferenceEquals(b, alive.Buffer) || ReferenceEquals(b, mine.Buffer));
        Assert.True(alive.EndLoan());                              // still on loan: alive buffers are left alone
    }

    [Fact]
    public void Donate_gives_back_a_buffer_once_and_marks_every_view()
    {
        var t = Wrap(new double[1009]);
        var view = t.Reshape(new Shape(1, 1009));
        var alive = Wrap(new double[1009]);
        Assert.False(t.Donated);
        TensorArena<double>.Donate([t, view, t, alive], [alive]);
        Assert.True(t.Donated);
        Assert.True(view.Donated);
        Assert.False(alive.Donated);
        Assert.Equal(0.0, alive[0]);
        var e = Assert.Throws<InvalidOperationException>(() => view.ToArray());
        Assert.StartsWith("a tensor of shape [1, 1009] was donated", e.Message);
        Assert.Throws<InvalidOperationException>(() => t.Sum());
        var again = Drain(1009, 2);
        Assert.Same(t.Buffer, again[0]);
        Assert.NotSame(t.Buffer, again[1]);
    }

    [Fact]
    public void Outside_runs_without_an_arena_and_restores_the_current_one()
    {
        var arena = TensorArena<double>.Enter();
        try
        {
            Assert.Same(arena, TensorArena<double>.Current);
            Assert.Null(TensorArena<double>.Outside(() => TensorArena<double>.Current));
            Assert.Same(arena, TensorArena<double>.Current);
            var built = TensorArena<double>.Outside(() => Tensor<double>.Zeros(new Shape(3)) + 1.0);
            Assert.Equal(0, arena.Count);
            Assert.Equal([1.0, 1.0, 1.0], built.ToArray());
            _ = Tensor<double>.Zeros(new Shape(3)) + 1.0;
            Assert.Equal(1, arena.Count);
        }
        finally
        {
            arena.Exit([]);
        }
        Assert.Null(TensorArena<double>.Current);
    }
}
