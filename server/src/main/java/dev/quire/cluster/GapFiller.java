package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.util.List;

/**
 * Reads committed ops of a document from the truth, in version order: {@code DocumentStore::ops}. Used to fill what
 * the feed between nodes lost or has not delivered yet.
 */
@FunctionalInterface
public interface GapFiller {
    List<CommittedOp> ops(String documentId, long fromExclusive, long toInclusive);
}
