/**
 * The one listener: Grizzly, Tyrus and Jersey assembled on one port ({@link dev.quire.server.QuireServer}), and
 * the adapters that bend them to Quire's rules - Tyrus's container and engine behind the front door's Host and
 * Origin checks, the filters that keep non-canonical paths and foreign hosts from upgrading and give WebSockets
 * their own idle timeout, and the tracking of every session so that a stop can close them with 1001.
 */
package dev.quire.server;
