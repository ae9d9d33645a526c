package dev.quire.store;

import java.util.List;

/**
 * What a hub needs to open a document: its metadata, the latest snapshot and the ops committed
 * after it (in version order). Replaying the ops over the snapshot gives the current content.
 */
public record LoadedDocument(DocumentInfo info, DocumentSnapshot snapshot, List<CommittedOp> opsAfterSnapshot) {
    public LoadedDocument {
        opsAfterSnapshot = List.copyOf(opsAfterSnapshot);
    }
}
