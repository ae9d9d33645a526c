package dev.quire.app;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Process-wide logging set-up. */
final class Logging {

    private Logging() {
    }

    /**
     * Routes {@code java.util.logging} - used by Tyrus, Grizzly and Jersey - into SLF4J/Logback, so every
     * library logs one line per event to stderr in the same format. Idempotent; thread-safe.
     */
    static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
