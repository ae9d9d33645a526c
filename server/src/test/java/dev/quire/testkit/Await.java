package dev.quire.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline — never a fixed sleep. */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> whatFailed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + whatFailed.get());
            }
            Thread.onSpinWait();
            try {
                // Poll interval only; correctness never depends on it.
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + whatFailed.get(), e);
            }
        }
    }

    public static void until(BooleanSupplier condition, String whatFailed) {
        until(condition, Duration.ofSeconds(10), () -> whatFailed);
    }
}
