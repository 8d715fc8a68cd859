using Microsoft.Extensions.Time.Testing;

namespace Tixallo.Client.Tests.Support;

/// <summary>
/// Microsoft's <see cref="FakeTimeProvider"/>, plus what it lacks for these tests: it reports each timer as it is
/// armed, so a test can wait for a wait to start and move the clock to its end. A timer whose state is a
/// <see cref="CancellationTokenSource"/> is a timeout; any other is a sleep (a retry wait).
/// </summary>
/// <param name="isBackground">
/// Tells a timer of the host's own (service discovery's cleanup) by its state: it runs with the clock but is neither a
/// sleep nor a timeout of the code under test, so <see cref="RunAsync(Task)"/> never moves the clock for it.
/// </param>
internal sealed class TestClock(Func<object?, bool>? isBackground = null) : FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _gate = new();
    private readonly List<ArmedTimer> _pending = [];
    private readonly List<(Func<ArmedTimer, bool> Matches, TaskCompletionSource<ArmedTimer> Waiter)> _waiters = [];

    /// <summary>Every sleep the code under test started, in order.</summary>
    public List<TimeSpan> Sleeps { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (isBackground?.Invoke(state) == true)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var armed = new ArmedTimer(this, state is not CancellationTokenSource);
        armed.Inner = base.CreateTimer(s => { armed.Fired(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        armed.Change(dueTime, period);
        return armed;
    }

    /// <summary>How many timeouts (timers whose state is a <see cref="CancellationTokenSource"/>) are armed now.</summary>
    public int PendingTimeouts
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count(t => !t.IsSleep);
            }
        }
    }

    /// <summary>Completes when a sleep is pending (already, or once one starts), with that sleep.</summary>
    public Task<ArmedTimer> NextSleepAsync() => WhenPendingAsync(t => t.IsSleep);

    /// <summary>Completes when the code under test has started <paramref name="count"/> sleeps in all, with the last one.</summary>
    public async Task<ArmedTimer> WhenSleepCountIs(int count)
    {
        for (var polls = 0; polls < 600; polls++)
        {
            lock (_gate)
            {
                if (Sleeps.Count >= count && _pending.LastOrDefault(t => t.IsSleep) is { } last)
                {
                    return last;
                }
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"Fewer than {count} sleeps started.");
    }

    /// <summary>Waits until a timer that <paramref name="matches"/> is armed, then moves the clock to when it falls due.</summary>
    public async Task FireAsync(Func<ArmedTimer, bool> matches)
    {
        var timer = await WhenPendingAsync(matches).WaitAsync(TimeSpan.FromSeconds(30));
        Advance(timer.DueAt - GetUtcNow());
    }

    /// <summary>Runs a call to its end, advancing the clock over each sleep it starts.</summary>
    public async Task<T> RunAsync<T>(Task<T> call)
    {
        await RunAsync((Task)call);
        return await call;
    }

    /// <inheritdoc cref="RunAsync{T}(Task{T})"/>
    public async Task RunAsync(Task call)
    {
        var settling = 0;
        for (var sleeps = 0; sleeps < 100;)
        {
            var sleep = NextSleepAsync();
            if (await Task.WhenAny(call, sleep).WaitAsync(TimeSpan.FromSeconds(30)) == call)
            {
                await call;
                return;
            }

            var wait = (await sleep).DueAt - GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                Advance(wait);
                sleeps++;
                continue;
            }

            // A sleep seen while another thread is still arming it (its due time is set once its inner timer is): a
            // moment for that thread to finish, not a sleep of the call's. Bounded: a sleep that never settles fails.
            if (++settling > 1_000)
            {
                throw new InvalidOperationException("A sleep stayed due without firing.");
            }

            Advance(TimeSpan.Zero);
            await Task.Delay(1);
        }

        throw new InvalidOperationException("The call slept more than 100 times.");
    }

    private Task<ArmedTimer> WhenPendingAsync(Func<ArmedTimer, bool> matches)
    {
        lock (_gate)
        {
            if (_pending.Where(matches).MinBy(t => t.DueAt) is { } pending)
            {
                return Task.FromResult(pending);
            }

            var waiter = new TaskCompletionSource<ArmedTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((matches, waiter));
            return waiter.Task;
        }
    }

    private void Armed(ArmedTimer timer)
    {
        var ready = new List<TaskCompletionSource<ArmedTimer>>();
        lock (_gate)
        {
            _pending.Add(timer);
            if (timer.IsSleep)
            {
                Sleeps.Add(timer.Duration);
            }

            foreach (var waiter in _waiters.Where(w => w.Matches(timer)).ToList())
            {
                _waiters.Remove(waiter);
                ready.Add(waiter.Waiter);
            }
        }

        ready.ForEach(waiter => waiter.TrySetResult(timer));
    }

    private void Rearmed(ArmedTimer timer, DateTimeOffset dueAt)
    {
        lock (_gate)
        {
            timer.DueAt = dueAt;
        }
    }

    private void Disarmed(ArmedTimer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }
    }

    /// <summary>A timer as the code under test armed it.</summary>
    internal sealed class ArmedTimer(TestClock clock, bool isSleep) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public bool IsSleep { get; } = isSleep;

        /// <summary>The due time it was last armed with.</summary>
        public TimeSpan Duration { get; private set; }

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Disarmed(this);
            var armedAt = clock.GetUtcNow();
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Duration = dueTime;
                DueAt = armedAt + dueTime;
                clock.Armed(this);
            }

            var changed = Inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan && clock.GetUtcNow() is var now && now != armedAt)
            {
                // The test moved the clock while this was being armed: the inner timer counts from a later time, at the
                // latest from now. Without this, a test would keep moving the clock to a due time that has passed.
                clock.Rearmed(this, now + dueTime);
            }

            return changed;
        }

        public void Fired() => clock.Disarmed(this);

        public void Dispose()
        {
            clock.Disarmed(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
