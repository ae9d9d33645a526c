/**
 * The WebSocket protocol's messages as Java records and their JSON form (see {@code docs/protocol.md}); deltas in
 * them have the JSON form of {@code dev.quire.json}.
 *
 * <p>Depends only on {@code ot}, {@code json} and Jackson; knows nothing of sessions or documents.
 */
package dev.quire.protocol;
