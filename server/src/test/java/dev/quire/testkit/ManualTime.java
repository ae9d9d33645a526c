package dev.quire.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clock and a scheduler that move only when a test calls {@link #advance}: timers (autosave, unload grace)
 * become deterministic, and no test sleeps. Tasks that come due run on the advancing thread, in due order.
 * Thread-safe.
 */
public final class ManualTime extends Clock {
    private final Scheduler scheduler = new Scheduler();
    private Instant now;
    private final List<Timer> timers = new ArrayList<>();
    private long sequence;

    private volatile Runnable settle = () -> { };

    public ManualTime(Instant start) {
        this.now = start;
    }

    /**
     * What to wait for after each task that comes due, before time moves on: tasks that hand work to another
     * executor (the hub's sequence) must see the clock at their due time, as they would in real time.
     */
    public void settleWith(Runnable settle) {
        this.settle = settle;
    }

    /** A settle action that waits (with a deadline) until {@code pool} has no queued or running task. */
    public static Runnable idle(java.util.concurrent.ThreadPoolExecutor pool) {
        return () -> Await.until(() -> pool.getQueue().isEmpty() && pool.getActiveCount() == 0, "the pool is idle");
    }

    /** Moves time on by {@code by}, running every task that comes due meanwhile (each at its due time). */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.stream().filter(t -> !t.isDone() && !t.due.isAfter(target))
                        .min(Comparator.comparing((Timer t) -> t.due).thenComparingLong(t -> t.order)).orElse(null);
                if (next == null) {
                    now = target;
                    timers.removeIf(FutureTask::isDone);
                    return;
                }
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
                timers.remove(next);
            }
            next.run();
            settle.run();
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized long pending() {
        return timers.stream().filter(t -> !t.isDone()).count();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    /** The scheduler whose tasks run when time is advanced. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private synchronized Timer add(Callable<Object> task, long delay, TimeUnit unit) {
        Timer timer = new Timer(task, now.plusNanos(unit.toNanos(delay)), sequence++);
        timers.add(timer);
        return timer;
    }

    private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return add(Executors.callable(command), delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            Timer timer = add(Executors.callable(() -> {
                try {
                    callable.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }), delay, unit);
            @SuppressWarnings("unchecked")
            ScheduledFuture<V> result = (ScheduledFuture<V>) timer;
            return result;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException("not needed by the hub");
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("not needed by the hub");
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private final class Timer extends FutureTask<Object> implements ScheduledFuture<Object> {
        final Instant due;
        final long order;

        Timer(Callable<Object> task, Instant due, long order) {
            super(task);
            this.due = due;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    private static final class Executors {
        static Callable<Object> callable(Runnable r) {
            return java.util.concurrent.Executors.callable(r);
        }
    }
}
