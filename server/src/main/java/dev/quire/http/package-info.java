/**
 * The HTTP front door: what every request passes before it is served, and the answers that are no REST resource's.
 * The names the server answers to and the origins that may open WebSockets (DNS rebinding, cross-site WebSocket
 * hijacking), cross-site refusals, security headers, request ids, the REST rate limit, request path decoding, the
 * {@link dev.quire.http.Router} that applies them in order, the web client's static files, {@code /metrics}, the
 * Jersey application's fixed part and problem+json answers written outside Jersey. The listener asks it through
 * {@link dev.quire.http.FrontDoor}; Grizzly appears here only as requests and handlers.
 */
package dev.quire.http;
