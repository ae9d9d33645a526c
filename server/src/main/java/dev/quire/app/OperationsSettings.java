package dev.quire.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server stops and where it keeps backups; {@link #defaults()} for production.
 *
 * @param drainTimeout    longest wait at shutdown for pending commits, the end of every document's sessions and
 *                        the snapshots written then
 * @param webhookGrace    longest wait at shutdown for webhook attempts in flight; an attempt still running then is
 *                        abandoned and its delivery stays pending, due at once at the next start
 * @param backupDirectory where {@code POST /api/admin/backups} writes; null means {@code backups} in the data
 *                        directory
 */
public record OperationsSettings(Duration drainTimeout, Duration webhookGrace, Path backupDirectory) {

    public OperationsSettings {
        requirePositive("drainTimeout", drainTimeout);
        requirePositive("webhookGrace", webhookGrace);
    }

    /** 10 s to drain documents, 5 s for webhook attempts in flight, backups in {@code <data>/backups}. */
    public static OperationsSettings defaults() {
        return new OperationsSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), null);
    }

    /** {@link #backupDirectory()}, or its default in {@code data}. */
    Path backupDirectoryIn(Path data) {
        return backupDirectory != null ? backupDirectory : data.resolve("backups");
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
