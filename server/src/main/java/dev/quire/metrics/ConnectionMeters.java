package dev.quire.metrics;

import dev.quire.collab.ErrorCode;
import dev.quire.ws.ConnectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** The WebSocket transport's meters. Thread-safe. */
final class ConnectionMeters implements ConnectionMetrics {

    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter slowConsumers;

    ConnectionMeters(MeterRegistry registry) {
        // One counter per code up front (a fixed, small set): the hot path then only looks one up.
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("quire.ws.protocol.errors")
                    .description("Errors a WebSocket client caused (error frame or error close), by wire code")
                    .tag("code", code.wire())
                    .register(registry));
        }
        this.slowConsumers = Counter.builder("quire.ws.slow.consumers.closed")
                .description("WebSocket clients closed (4008) because they did not read their messages")
                .register(registry);
    }

    @Override
    public void protocolError(ErrorCode code) {
        errors.get(code).increment();
    }

    @Override
    public void slowConsumerClosed() {
        slowConsumers.increment();
    }
}
