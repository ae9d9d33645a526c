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

    /**
     * Who of the other nodes is in the document now, all of them (a listing, made now and then because a node that
     * dies says no goodbye): a participant shown here and not among them has left.
     */
    record AllPresent(List<Presence> presences) implements NodeEvent {
        public AllPresent {
            presences = List.copyOf(presences);
        }
    }

    /** A participant of it left. */
    record Left(String clientId) implements NodeEvent {
    }

    /** It deleted the document in the store. */
    record Deleted() implements NodeEvent {
    }
}
