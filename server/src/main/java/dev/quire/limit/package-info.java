/**
 * Rate limiting shared by the transports: a token bucket and a bounded, keyed set of them (a Caffeine cache).
 * Plain Java and Caffeine, with an injected clock, so tests decide when time passes; knows nothing of HTTP or
 * WebSockets.
 */
package dev.quire.limit;
