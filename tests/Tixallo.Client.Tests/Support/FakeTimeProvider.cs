namespace Tixallo.Client.Tests.Support;

/// <summary>
/// A clock that moves only when a test says so. Written here because Microsoft.Extensions.TimeProvider.Testing
/// is not in this machine's package feed. Timers whose state is a CancellationTokenSource are timeouts; every
/// other timer is a sleep (a retry wait), which <see cref="NextSleepAsync"/> reports.
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<(Func<FakeTimer, bool> Matches, TaskCompletionSource<FakeTimer> Waiter)> _waiters = [];
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every sleep the code under test started, in order.</summary>
    public List<TimeSpan> Sleeps { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt!.Value;
                due.Rearm();
            }

            due.Fire();
        }
    }

    /// <summary>Completes when a sleep is pending (already, or once one starts), with that sleep.</summary>
    public Task<FakeTimer> NextSleepAsync() => WhenPendingAsync(t => t.IsSleep);

    /// <summary>Completes when a timer that <paramref name="matches"/> is pending (already, or once one is armed).</summary>
    public Task<FakeTimer> WhenPendingAsync(Func<FakeTimer, bool> matches)
    {
        lock (_gate)
        {
            var pending = _timers.Where(matches).MinBy(t => t.DueAt);
            if (pending is not null)
            {
                return Task.FromResult(pending);
            }

            var waiter = new TaskCompletionSource<FakeTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((matches, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Waits until a timer that <paramref name="matches"/> is armed, then moves the clock to when it falls due.</summary>
    public async Task FireAsync(Func<FakeTimer, bool> matches)
    {
        var timer = await WhenPendingAsync(matches);
        Advance(timer.DueAt!.Value - GetUtcNow());
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
        while (true)
        {
            var sleep = NextSleepAsync();
            if (await Task.WhenAny(call, sleep) == call)
            {
                await call;
                return;
            }

            Advance((await sleep).DueAt!.Value - GetUtcNow());
        }
    }

    private void Schedule(FakeTimer timer, TimeSpan dueTime)
    {
        var ready = new List<TaskCompletionSource<FakeTimer>>();
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = null;
                return;
            }

            timer.DueAt = _now + dueTime;
            timer.Duration = dueTime;
            _timers.Add(timer);
            if (timer.IsSleep)
            {
                Sleeps.Add(dueTime);
            }

            foreach (var waiter in _waiters.Where(w => w.Matches(timer)).ToList())
            {
                _waiters.Remove(waiter);
                ready.Add(waiter.Waiter);
            }
        }

        ready.ForEach(waiter => waiter.TrySetResult(timer));
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    internal sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; set; }

        /// <summary>The due time it was last armed with.</summary>
        public TimeSpan Duration { get; set; }

        public bool IsSleep => state is not CancellationTokenSource;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        internal void Rearm()
        {
            owner._timers.Remove(this);
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                DueAt = DueAt + _period;
                owner._timers.Add(this);
            }
            else
            {
                DueAt = null;
            }
        }

        internal void Fire() => callback(state);
    }
}
