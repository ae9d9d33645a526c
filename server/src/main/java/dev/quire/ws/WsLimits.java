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

    public WsLimits withMessageRate(double perSecond, int burst) {
        return new WsLimits(perSecond, burst, maxRateLimited, maxConnectionsPerAddress, maxConnectionsPerDocument,
                helloTimeout, maxBytesBeforeHello);
    }

    public WsLimits withMaxRateLimited(int max) {
        return new WsLimits(messagesPerSecond, messageBurst, max, maxConnectionsPerAddress, maxConnectionsPerDocument,
                helloTimeout, maxBytesBeforeHello);
    }

    public WsLimits withMaxConnectionsPerAddress(int max) {
        return new WsLimits(messagesPerSecond, messageBurst, maxRateLimited, max, maxConnectionsPerDocument,
                helloTimeout, maxBytesBeforeHello);
    }

    public WsLimits withMaxConnectionsPerDocument(int max) {
        return new WsLimits(messagesPerSecond, messageBurst, maxRateLimited, maxConnectionsPerAddress, max,
                helloTimeout, maxBytesBeforeHello);
    }

    public WsLimits withHelloTimeout(Duration timeout) {
        return new WsLimits(messagesPerSecond, messageBurst, maxRateLimited, maxConnectionsPerAddress,
                maxConnectionsPerDocument, timeout, maxBytesBeforeHello);
    }

    public WsLimits withMaxBytesBeforeHello(int bytes) {
        return new WsLimits(messagesPerSecond, messageBurst, maxRateLimited, maxConnectionsPerAddress,
                maxConnectionsPerDocument, helloTimeout, bytes);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
    }
}
