/**
 * Rate limiting shared by the transports: a token bucket and a keyed set of them. Pure Java with an
 * injected clock, so tests decide when time passes; knows nothing of HTTP or WebSockets.
 */
package dev.quire.limit;
