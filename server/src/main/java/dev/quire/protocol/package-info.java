/**
 * The WebSocket protocol's messages as Java records and their JSON form (see
 * {@code docs/protocol.md}), and the JSON form of deltas, identical to quill-delta's.
 *
 * <p>Depends only on {@code ot} and Jackson; knows nothing of sessions or documents.
 */
package dev.quire.protocol;
