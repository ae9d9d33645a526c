package dev.quire.collab;

import dev.quire.store.CommittedOp;
import java.time.Instant;
import java.util.List;

/** What another node of a cluster did to a document open here ({@link FromOtherNodes}, {@link ChangesElsewhere}). */
sealed interface NodeEvent {
    /** Ops it committed (from the feed): consecutive, in version order. */
    record Committed(List<CommittedOp> ops) implements NodeEvent {
    }

    /** The committed head is at least {@code version} (a hint, a head check): the ops missing here are in the store. */
    record HeadAt(long version) implements NodeEvent {
    }

    /** It renamed the document in the store. */
    record Renamed(String title, String by, Instant at) implements NodeEvent {
    }

    /** A participant of it is here with this presence. */
    record Present(Presence presence) implements NodeEvent {
    }

    /** A participant of it left. */
    record Left(String clientId) implements NodeEvent {
    }

    /** It deleted the document in the store. */
    record Deleted() implements NodeEvent {
    }
}
