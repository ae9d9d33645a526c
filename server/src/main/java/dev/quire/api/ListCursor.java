package dev.quire.api;

import dev.quire.store.DocumentInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;

/**
 * Position in the document list, which is ordered by updated time (newest first), then id. The cursor
 * names the last document of a page by (updatedAt, id), not by offset, so documents created or
 * deleted meanwhile do not shift pages; a document updated meanwhile moves to the front (it shows on
 * a fresh first page). Opaque to clients: base64url of {@code <updatedAt>|<id>}.
 */
record ListCursor(Instant updatedAt, String id) {
    static final Comparator<DocumentInfo> ORDER =
            Comparator.comparing(DocumentInfo::updatedAt).reversed().thenComparing(DocumentInfo::id);

    static ListCursor after(DocumentInfo last) {
        return new ListCursor(last.updatedAt(), last.id());
    }

    /** True if {@code info} comes after this cursor in list order. */
    boolean precedes(DocumentInfo info) {
        int byTime = info.updatedAt().compareTo(updatedAt);
        return byTime < 0 || byTime == 0 && info.id().compareTo(id) > 0;
    }

    String encode() {
        String plain = updatedAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar > 0) {
                return new ListCursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // answered below
        }
        throw new ApiException(ApiError.INVALID_MESSAGE, "cursor is not one this server handed out: " + cursor);
    }
}
