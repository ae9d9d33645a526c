package dev.quire.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A hub's reply to a REST write, waited for without a thread: the request is suspended and answered when the reply
 * completes, so a slow commit never holds a thread that could read other requests. Stateless.
 */
final class HubReplies {
    private HubReplies() {
    }

    /**
     * {@code reply}, bounded: after {@code timeout} the answer is 503 with {@code unconfirmed} (the write may still
     * be committed); a reply that fails is the server's fault ({@code failed}, 500). The hub's own future is left
     * alone: only what the request waits on times out.
     */
    static <T> CompletableFuture<T> within(CompletableFuture<T> reply, Duration timeout, String unconfirmed,
                                           String failed) {
        return reply.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((result, failure) -> {
            if (failure == null) {
                return result;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof TimeoutException) {
                throw new ApiException(ApiError.COMMIT_UNCONFIRMED, unconfirmed);
            }
            throw new IllegalStateException(failed, cause);
        });
    }

    /** What failed inside a completion stage, without the wrapper the stage put around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
