/**
 * The document hub: one per open document, it sequences ops one at a time, transforms each
 * against the ops committed since its base version, applies it, commits it through the
 * {@link dev.quire.store.DocumentStore}, and only then acknowledges it to its author and
 * broadcasts it to everyone else. Also presence, exactly-once dedup of resent ops, and
 * loading/unloading of documents.
 *
 * <p>Knows nothing of WebSockets or HTTP: transports implement {@link dev.quire.collab.Participant}.
 */
package dev.quire.collab;
