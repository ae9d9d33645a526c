/**
 * The WebSocket transport: a Tyrus endpoint per connection that decodes frames into protocol
 * messages, hands them to the collaboration hub, and encodes what the hub says back. Also the
 * one place where error codes become WebSocket close codes.
 */
package dev.quire.ws;
