package dev.quire.webhook;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The documents a caller of the {@link EndpointRegistry} may manage webhooks for: every document, or a fixed set
 * (the documents its credential is limited to). An endpoint is within a set when every document it names is: an
 * endpoint that names none receives events of every document, so it is within {@link #ALL} only. Immutable.
 */
public final class DocumentSet {

    /** Every document: an admin, or a credential without a document limit. */
    public static final DocumentSet ALL = new DocumentSet(null);

    private final Set<String> ids; // null: every document

    private DocumentSet(Set<String> ids) {
        this.ids = ids;
    }

    /** Exactly {@code ids} (none at all: nothing is within it). */
    public static DocumentSet of(Set<String> ids) {
        return new DocumentSet(Set.copyOf(ids));
    }

    public boolean isAll() {
        return ids == null;
    }

    public boolean contains(String documentId) {
        return ids == null || ids.contains(documentId);
    }

    /** Whether an endpoint naming {@code endpointDocumentIds} (empty: every document) is within this set. */
    public boolean covers(Set<String> endpointDocumentIds) {
        return ids == null || !endpointDocumentIds.isEmpty() && ids.containsAll(endpointDocumentIds);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentSet set && Objects.equals(ids, set.ids);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(ids);
    }

    @Override
    public String toString() {
        return ids == null ? "DocumentSet[all]" : "DocumentSet" + new TreeSet<>(ids);
    }
}
