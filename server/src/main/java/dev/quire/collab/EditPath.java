package dev.quire.collab;

/**
 * How a document's ops get from the sequencer to the store and to its participants: {@link LocalCommits} on a store of
 * one node (applied now, committed in the background), {@link SharedCommits} on a store shared by nodes (applied once
 * committed). Runs on the document's sequence, passed the document's state.
 */
interface EditPath {
    /** Sequences {@code request} over {@code document}; its author is told of a refusal, and its ops committed. */
    void submit(OpenDocument document, EditRequest request);
}
