package dev.quire.metrics;

import dev.quire.collab.ErrorCode;
import dev.quire.ws.ConnectionMetrics;
import dev.quire.ws.WsError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** The WebSocket transport's meters. Thread-safe. */
final class ConnectionMeters implements ConnectionMetrics {

    private final Map<WsError, Counter> errors = new EnumMap<>(WsError.class);
    private final Map<ErrorCode, Counter> refusals = new EnumMap<>(ErrorCode.class);
    private final Counter slowConsumers;

    ConnectionMeters(MeterRegistry registry) {
        // One counter per code up front (a fixed, small set): the hot path then only looks one up. A wire code both
        // layers use (too_large) is one counter.
        for (WsError code : WsError.values()) {
            errors.put(code, counter(registry, code.wire()));
        }
        for (ErrorCode code : ErrorCode.values()) {
            refusals.put(code, counter(registry, code.wire()));
        }
        this.slowConsumers = Counter.builder("quire.ws.slow.consumers.closed")
                .description("WebSocket clients closed (4008) because they did not read their messages")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String code) {
        return Counter.builder("quire.ws.protocol.errors")
                .description("Errors a WebSocket client caused (error frame or error close), by wire code")
                .tag("code", code)
                .register(registry);
    }

    @Override
    public void protocolError(WsError code) {
        errors.get(code).increment();
    }

    @Override
    public void protocolError(ErrorCode code) {
        refusals.get(code).increment();
    }

    @Override
    public void slowConsumerClosed() {
        slowConsumers.increment();
    }
}
