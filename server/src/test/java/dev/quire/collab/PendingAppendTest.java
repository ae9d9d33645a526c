package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.LoadedDocument;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An append on a shared store tries each op before it is sent: the first on the document's content itself, without
 * changing it, the later ones on a copy made after the ops before them.
 */
class PendingAppendTest {
    private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
    private final User ada = new User("ada", "Ada", "#123456");

    private static OpenDocument document(String text) {
        return new OpenDocument(new LoadedDocument(new DocumentInfo("d", "t", 0, AT, AT),
                new DocumentSnapshot(0, Delta.ofText(text)), List.of()), new InMemoryDocumentStore(),
                HubSettings.defaults());
    }

    /** An append begun on {@code document}, its first message open. */
    private static PendingAppend begun(OpenDocument document) {
        PendingAppend next = new PendingAppend(document);
        next.beginMessage();
        return next;
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    @Test
    void theFirstOp_isCheckedOnTheDocument_andLeavesItAsItWas() {
        OpenDocument document = document("ab\n");
        PendingAppend next = begun(document);

        next.add(document, insertAt(1, "xyz"), insertAt(1, "xyz"), ada, 1, AT);

        assertEquals(6, next.length());
        assertEquals(Delta.ofText("ab\n"), document.content(), "the document holds only what is committed");
        assertEquals(List.of(insertAt(1, "xyz")), next.changes());
    }

    @Test
    void aFirstOpThatDoesNotFit_isRefused_andNothingIsAdded() {
        OpenDocument document = document("ab\n");
        PendingAppend next = begun(document);

        InvalidDeltaException pastTheEnd = assertThrows(InvalidDeltaException.class,
                () -> next.add(document, insertAt(9, "x"), insertAt(9, "x"), ada, 1, AT));
        assertTrue(pastTheEnd.getMessage().contains("past the end"), pastTheEnd.getMessage());
        Delta dropsTheNewline = Delta.builder().retain(2).delete(1).build();
        assertThrows(InvalidDeltaException.class, () -> next.add(document, dropsTheNewline, dropsTheNewline, ada, 1, AT));
        Delta unpaired = insertAt(0, "\uD800");
        assertThrows(InvalidDeltaException.class, () -> next.add(document, unpaired, unpaired, ada, 1, AT));

        assertTrue(next.isEmpty());
        assertEquals(3, next.length());
        assertEquals(Delta.ofText("ab\n"), document.content());
    }

    @Test
    void aLaterOp_isCheckedOnTheContentAfterTheOpsBeforeIt() {
        OpenDocument document = document("ab\n");
        PendingAppend next = begun(document);
        next.add(document, insertAt(2, "cdef"), insertAt(2, "cdef"), ada, 1, AT);

        // Past the end of the document as committed, inside it after the first op.
        next.add(document, insertAt(6, "!"), insertAt(6, "!"), ada, 2, AT);
        assertThrows(InvalidDeltaException.class, () -> next.add(document, insertAt(9, "?"), insertAt(9, "?"), ada, 3, AT));
        // Splits the surrogate pair that the op before it inserted.
        next.add(document, insertAt(0, "\uD83D\uDE00"), insertAt(0, "\uD83D\uDE00"), ada, 3, AT);
        Delta splitsThePair = Delta.builder().retain(1).delete(1).build();
        assertThrows(InvalidDeltaException.class, () -> next.add(document, splitsThePair, splitsThePair, ada, 4, AT));

        assertEquals(10, next.length());
        assertEquals(3, next.changes().size());
        assertEquals(Delta.ofText("ab\n"), document.content());
    }
}
