package dev.quire.ws;

import java.time.Duration;

/**
 * Limits and timings of WebSocket connections.
 *
 * @param maxMessageBytes  largest text message accepted (larger ones are closed with 1009); the one message-size
 *                         setting: the application gives the same number to the listener's frame buffer
 * @param maxPendingSends  messages queued to a client before it counts as a slow consumer and is closed
 * @param maxErrors        bad messages tolerated on one connection before it is closed with 1008
 * @param pingInterval     how often the server pings each client (browsers answer pings by themselves)
 * @param idleTimeout      a connection with no frame at all (pongs included) for this long is closed
 * @param maxPendingSendBytes bytes of messages held unwritten for a client, behind the one being written, before it
 *                         counts as a slow consumer and is closed (so a single larger message still goes)
 */
public record WsSettings(int maxMessageBytes, int maxPendingSends, int maxErrors, Duration pingInterval,
                         Duration idleTimeout, long maxPendingSendBytes) {
    /** 16 MiB of messages queued at most: a slow client pins no more than that (plus one larger message). */
    public static final long DEFAULT_MAX_PENDING_SEND_BYTES = 16L << 20;

    public WsSettings {
        if (maxPendingSendBytes < 1) {
            throw new IllegalArgumentException("maxPendingSendBytes must be positive: " + maxPendingSendBytes);
        }
    }

    public static WsSettings defaults() {
        return new WsSettings(1 << 20, 2_000, 20, Duration.ofSeconds(20), Duration.ofSeconds(60),
                DEFAULT_MAX_PENDING_SEND_BYTES);
    }

    /** A builder holding these values, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes values of a {@link WsSettings} by name; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        private int maxMessageBytes;
        private int maxPendingSends;
        private int maxErrors;
        private Duration pingInterval;
        private Duration idleTimeout;
        private long maxPendingSendBytes;

        private Builder(WsSettings from) {
            maxMessageBytes = from.maxMessageBytes;
            maxPendingSends = from.maxPendingSends;
            maxErrors = from.maxErrors;
            pingInterval = from.pingInterval;
            idleTimeout = from.idleTimeout;
            maxPendingSendBytes = from.maxPendingSendBytes;
        }

        public Builder maxMessageBytes(int value) {
            maxMessageBytes = value;
            return this;
        }

        public Builder maxPendingSends(int value) {
            maxPendingSends = value;
            return this;
        }

        public Builder maxErrors(int value) {
            maxErrors = value;
            return this;
        }

        public Builder pingInterval(Duration value) {
            pingInterval = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder maxPendingSendBytes(long value) {
            maxPendingSendBytes = value;
            return this;
        }

        public WsSettings build() {
            return new WsSettings(maxMessageBytes, maxPendingSends, maxErrors, pingInterval, idleTimeout,
                    maxPendingSendBytes);
        }
    }
}
