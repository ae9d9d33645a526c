package dev.quire.collab;

import dev.quire.limit.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How many bytes of ops may be written, per document and per writer ({@link ByteLimits#writePerDocument()},
 * {@link ByteLimits#writePerWriter()}): a token bucket of bytes each, the whole budget at once and refilled over
 * {@link ByteLimits#writeWindow()}. The document length bounds what a document holds, not what its history grows
 * by; this bounds that growth, so one editor cannot write gigabytes of history an hour. An op heavier than a whole
 * budget still passes when the budget is full (see {@link dev.quire.limit.TokenBucket#tryTake(long)}).
 *
 * <p>Thread-safe: the hubs of every document share one. Memory is bounded by the buckets' key limit.
 */
final class WriteBudget {
    /** Documents and writers tracked at most; beyond, full buckets are forgotten (see {@link RateLimiter}). */
    private static final int MAX_KEYS = 100_000;

    /** A write refused: which budget it would exceed, and when it could pass. */
    record Refusal(String budget, long bytesPerWindow, Duration window, Duration retryAfter) {
        /** A sentence for the writer. */
        String detail(long bytes) {
            return "this write of about " + bytes + " bytes would exceed the " + budget + "'s write budget of "
                    + bytesPerWindow + " bytes per " + per(window) + "; nothing was applied: send it again in "
                    + retryAfter.toMillis() + " ms";
        }

        private static String per(Duration window) {
            long seconds = window.toSeconds();
            if (seconds % 3600 == 0) {
                return seconds == 3600 ? "hour" : seconds / 3600 + " hours";
            }
            return seconds % 60 == 0 ? seconds / 60 + " minutes" : window.toMillis() + " ms";
        }
    }

    private final ByteLimits limits;
    private final RateLimiter documents;
    private final RateLimiter writers;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime} outside tests) */
    WriteBudget(ByteLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.documents = bytesPer(limits.writePerDocument(), limits.writeWindow(), nanoTime);
        this.writers = bytesPer(limits.writePerWriter(), limits.writeWindow(), nanoTime);
    }

    private static RateLimiter bytesPer(long budget, Duration window, LongSupplier nanoTime) {
        return new RateLimiter(budget, budget * 1e9 / window.toNanos(), MAX_KEYS, nanoTime);
    }

    /**
     * Charges {@code bytes} written to {@code documentId} (null: a new document's content, which has no budget of
     * its own yet) by {@code writer} (null: a writer with no budget of its own) to both budgets, or to neither.
     *
     * @return empty if charged, else why not
     */
    Optional<Refusal> charge(String documentId, String writer, long bytes) {
        if (documentId != null) {
            RateLimiter.Decision document = documents.tryAcquire(documentId, bytes);
            if (!document.allowed()) {
                return Optional.of(new Refusal("document", limits.writePerDocument(), limits.writeWindow(),
                        document.retryAfter()));
            }
        }
        if (writer != null) {
            RateLimiter.Decision own = writers.tryAcquire(writer, bytes);
            if (!own.allowed()) {
                if (documentId != null) {
                    documents.giveBack(documentId, bytes);
                }
                return Optional.of(new Refusal("credential", limits.writePerWriter(), limits.writeWindow(),
                        own.retryAfter()));
            }
        }
        return Optional.empty();
    }
}
