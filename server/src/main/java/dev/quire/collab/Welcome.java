package dev.quire.collab;

import dev.quire.ot.Delta;
import java.util.List;

/**
 * What a joining participant receives: either the whole content at {@code version}, or — when it
 * resumes from a version the hub can still reach — the ops it missed since then.
 *
 * @param documentId the document
 * @param title      its title
 * @param version    the version the participant is at after applying this
 * @param content    the content at {@code version}, or null when resuming
 * @param missed     the ops after the resume version up to {@code version}, or null for a snapshot
 * @param present    everyone else present, with their selections
 * @param lastSeq    the joining client's highest committed seq on this document (0 when none): with a full
 *                   {@code content}, it tells the client whether the op it had in flight is in it already
 */
public record Welcome(String documentId, String title, long version, Delta content, List<Edit> missed,
                      List<Presence> present, long lastSeq) {
    public Welcome {
        if ((content == null) == (missed == null)) {
            throw new IllegalArgumentException("a welcome carries either content or missed ops");
        }
        missed = missed == null ? null : List.copyOf(missed);
        present = List.copyOf(present);
    }

    public boolean isResume() {
        return missed != null;
    }
}
