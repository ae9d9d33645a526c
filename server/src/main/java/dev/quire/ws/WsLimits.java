package dev.quire.ws;

import java.time.Duration;

/**
 * Abuse limits of WebSocket connections (docs/security.md), beside the transport settings of {@link WsSettings}.
 * Immutable; validated on construction.
 *
 * @param messagesPerSecond      sustained rate of messages (op, presence, save, ping) a joined connection may
 *                               send; a token bucket per connection
 * @param messageBurst           how many messages may come at once above that rate (the bucket's size)
 * @param maxRateLimited         messages refused with {@code rate_limited} on one connection, without an accepted
 *                               message in between, before the connection is closed with 1008
 * @param maxConnectionsPerAddress open connections from one client address (all documents); more are closed with
 *                               1013 right after the handshake, before anything else happens
 * @param maxConnectionsPerDocument open connections to one document; more are closed with 1013 likewise
 * @param helloTimeout           a connection that has not sent a valid hello this long after it opened is closed
 *                               with 4408
 * @param maxBytesBeforeHello    bytes of messages a connection may send before its hello is accepted (the hello
 *                               included); more is closed with 1009
 */
public record WsLimits(double messagesPerSecond, int messageBurst, int maxRateLimited, int maxConnectionsPerAddress,
                       int maxConnectionsPerDocument, Duration helloTimeout, int maxBytesBeforeHello) {

    public WsLimits {
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
            throw new IllegalArgumentException("messagesPerSecond must be positive: " + messagesPerSecond);
        }
        requireAtLeast("messageBurst", messageBurst, 1);
        requireAtLeast("maxRateLimited", maxRateLimited, 1);
        requireAtLeast("maxConnectionsPerAddress", maxConnectionsPerAddress, 1);
        requireAtLeast("maxConnectionsPerDocument", maxConnectionsPerDocument, 1);
        requireAtLeast("maxBytesBeforeHello", maxBytesBeforeHello, 256);
        if (helloTimeout == null || helloTimeout.isNegative() || helloTimeout.isZero()) {
            throw new IllegalArgumentException("helloTimeout must be positive: " + helloTimeout);
        }
    }

    /**
     * 100 messages a second with bursts of 500, closed after 100 refusals in a row; 50 connections per address,
     * 200 per document; hello within 10 s and 64 KiB.
     */
    public static WsLimits defaults() {
        return new WsLimits(100, 500, 100, 50, 200, Duration.ofSeconds(10), 64 * 1024);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
    }

    /** A builder holding these values, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes values of a {@link WsLimits} by name; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        private double messagesPerSecond;
        private int messageBurst;
        private int maxRateLimited;
        private int maxConnectionsPerAddress;
        private int maxConnectionsPerDocument;
        private Duration helloTimeout;
        private int maxBytesBeforeHello;

        private Builder(WsLimits from) {
            messagesPerSecond = from.messagesPerSecond;
            messageBurst = from.messageBurst;
            maxRateLimited = from.maxRateLimited;
            maxConnectionsPerAddress = from.maxConnectionsPerAddress;
            maxConnectionsPerDocument = from.maxConnectionsPerDocument;
            helloTimeout = from.helloTimeout;
            maxBytesBeforeHello = from.maxBytesBeforeHello;
        }

        public Builder messagesPerSecond(double value) {
            messagesPerSecond = value;
            return this;
        }

        public Builder messageBurst(int value) {
            messageBurst = value;
            return this;
        }

        public Builder maxRateLimited(int value) {
            maxRateLimited = value;
            return this;
        }

        public Builder maxConnectionsPerAddress(int value) {
            maxConnectionsPerAddress = value;
            return this;
        }

        public Builder maxConnectionsPerDocument(int value) {
            maxConnectionsPerDocument = value;
            return this;
        }

        public Builder helloTimeout(Duration value) {
            helloTimeout = value;
            return this;
        }

        public Builder maxBytesBeforeHello(int value) {
            maxBytesBeforeHello = value;
            return this;
        }

        public WsLimits build() {
            return new WsLimits(messagesPerSecond, messageBurst, maxRateLimited, maxConnectionsPerAddress,
                    maxConnectionsPerDocument, helloTimeout, maxBytesBeforeHello);
        }
    }
}
