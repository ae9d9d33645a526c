package dev.quire.cluster;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Failures of one remote service as seen by one component, logged once per outage rather than once per call: a
 * Redis that is down for a minute under a busy node would otherwise write a line per committed op. Counts every
 * failure. Thread-safe.
 */
final class Outage {
    private final Logger log;
    private final String what;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong failuresThisOutage = new AtomicLong();

    /** @param what what fails, for the log: "publishing on Redis" */
    Outage(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void failed(Throwable cause) {
        failures.incrementAndGet();
        if (failuresThisOutage.getAndIncrement() == 0) {
            log.warn("{} failed; further failures are counted, not logged, until it works again: {}", what,
                    cause.toString());
        }
    }

    void succeeded() {
        long failed = failuresThisOutage.getAndSet(0);
        if (failed > 0) {
            log.info("{} works again after {} failures", what, failed);
        }
    }

    /** Every failure since this was made. */
    long failures() {
        return failures.get();
    }
}
