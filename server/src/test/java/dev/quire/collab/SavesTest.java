package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.testkit.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saves through the hub: explicit, API and automatic (debounce and maximum wait on a manual clock). */
class SavesTest {
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    private final ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final DocumentHubs hubs = new DocumentHubs(store, pool, time.scheduler(), time,
            HubSettings.defaults().toBuilder().autosaveIdle(IDLE).autosaveMaxWait(MAX_WAIT).build());
    private final RecordingParticipant ada = new RecordingParticipant("ada");
    private final RecordingParticipant bob = new RecordingParticipant("bob");
    private long seq;

    @BeforeEach
    void settle() {
        time.settleWith(ManualTime.idle(pool));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private DocumentSession joinBoth() {
        DocumentSession session = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        hubs.join("d", bob, null);
        bob.next(Welcome.class);
        ada.next(Presence.class);
        return session;
    }

    /** Ada types one character at the start; returns once it is acknowledged and Bob has it. */
    private void type(DocumentSession session, long baseVersion) {
        session.submit(++seq, baseVersion, Delta.builder().insert("x").build());
        ada.next(RecordingParticipant.Ack.class);
        bob.next(Edit.class);
    }

    @Test
    void explicitSave_everyoneIsToldOnceCommitted_andTheStoreHasIt() {
        DocumentSession session = joinBoth();
        type(session, 0);
        session.save("first draft");
        Saved toAda = ada.next(Saved.class);
        assertEquals(toAda, bob.next(Saved.class));
        assertEquals(1, toAda.number());
        assertEquals(1, toAda.documentVersion());
        assertEquals(SaveTrigger.EXPLICIT.wire(), toAda.trigger());
        assertEquals("User ada", toAda.savedBy());
        assertEquals("first draft", toAda.label());
        assertEquals(List.of(toAda), store.savedVersions("d").stream().map(Saved::of).toList());
    }

    @Test
    void explicitSave_withNothingChanged_stillSaves_butAutoAndApiDoNot() {
        joinBoth();
        assertEquals(1, hubs.save("d", "ada", SaveTrigger.EXPLICIT, null).join().saved().number());
        ada.next(Saved.class);
        SaveResult auto = hubs.save("d", "ada", SaveTrigger.AUTO, null).join();
        assertNull(auto.saved());
        assertNull(auto.error());
        assertNull(hubs.save("d", "ada", SaveTrigger.API, null).join().saved());
        assertEquals(1, store.savedVersions("d").size());
    }

    @Test
    void autosave_afterTheIdleDebounce_notBefore() {
        DocumentSession session = joinBoth();
        type(session, 0);
        time.advance(Duration.ofMillis(1_500));
        type(session, 1); // the debounce starts again
        time.advance(Duration.ofMillis(1_500));
        assertNull(ada.poll(200), "no save while edits keep coming within the idle time");
        assertTrue(store.savedVersions("d").isEmpty());
        time.advance(Duration.ofMillis(500));
        Saved saved = ada.next(Saved.class);
        assertEquals(SaveTrigger.AUTO.wire(), saved.trigger());
        assertEquals(2, saved.documentVersion());
        assertEquals("User ada", saved.savedBy());
        assertEquals(Instant.parse("2026-11-26T12:00:03.500Z"), saved.savedAt());
    }

    @Test
    void autosave_underContinuousEditing_happensAtTheMaximumWait() {
        DocumentSession session = joinBoth();
        long version = 0;
        for (int i = 0; i < 30; i++) { // an edit every second for 30 s: never idle for 2 s
            type(session, version++);
            time.advance(Duration.ofSeconds(1));
        }
        Saved saved = ada.next(Saved.class);
        assertEquals(SaveTrigger.AUTO.wire(), saved.trigger());
        assertEquals(Instant.parse("2026-11-26T12:00:30Z"), saved.savedAt());
        assertEquals(30, saved.documentVersion());
    }

    @Test
    void autosave_notAfterAnExplicitSaveCoveredTheEdits() {
        DocumentSession session = joinBoth();
        type(session, 0);
        session.save(null);
        ada.next(Saved.class);
        time.advance(Duration.ofMinutes(1));
        assertNull(ada.poll(200));
        assertEquals(1, store.savedVersions("d").size());
        assertEquals(0, time.pending(), "the autosave timer was cancelled");
    }

    @Test
    void restWrite_isSavedWithTheApiTrigger_beforeTheResultCompletes() {
        joinBoth();
        User api = new User("api:k", "REST API", "#607d8b");
        EditResult result = hubs.edit("d", api, 1, 0, Delta.builder().insert("hi").build(), null).join();
        assertEquals(1, result.version());
        SavedVersion saved = store.latestSave("d").orElseThrow();
        assertEquals(SaveTrigger.API, saved.trigger());
        assertEquals(1, saved.documentVersion());
        assertEquals("REST API", saved.savedBy());
        ada.next(Edit.class);
        assertEquals(Saved.of(saved), ada.next(Saved.class), "live editors are told of API saves too");
        // The write is saved, so no autosave follows it.
        time.advance(Duration.ofMinutes(1));
        assertEquals(1, store.savedVersions("d").size());
    }

    /** Ada types, saves (version 1, saved version 1) and types twice more: the document is "xxx" at version 3. */
    private void savedOnceThenTypedTwice() {
        DocumentSession session = typedAndSaved();
        type(session, 1);
        type(session, 2);
    }

    /** Ada types one character and saves it (saved version 1 of version 1); both have been told. */
    private DocumentSession typedAndSaved() {
        DocumentSession session = joinBoth();
        type(session, 0);
        session.save(null);
        ada.next(Saved.class);
        bob.next(Saved.class);
        return session;
    }

    @Test
    void restore_isANewOpThatLiveEditorsSee_andHistoryIsKept() {
        savedOnceThenTypedTwice();
        EditResult restored = hubs.restore("d", 1, new User("api:r", "Grace", "#607d8b"), null).join();
        assertEquals(4, restored.version());
        assertEquals(Delta.ofText("x\n"), hubs.read("d").join().orElseThrow().content());
        assertEquals(4, store.ops("d", 0, 10).size(), "history is never rewritten");
        assertEquals(ErrorCode.DOCUMENT_NOT_FOUND, hubs.restore("d", 9, new User("api:r", "R", "#000000"), null)
                .join().error());
    }

    @Test
    void restore_savesWhatItReplaces_andIsRecordedAndAnnouncedAsARestoreByWhom() {
        savedOnceThenTypedTwice();

        hubs.restore("d", 1, new User("api:r", "Grace", "#607d8b"), null).join();

        List<SavedVersion> saves = store.savedVersions("d");
        assertEquals(3, saves.size(), "the first save, the content before the restore, the restore: " + saves);
        SavedVersion before = saves.stream().filter(s -> s.number() == 2).findFirst().orElseThrow();
        assertEquals(3, before.documentVersion(), "the text typed since version 1 is kept in history");
        assertEquals("Before restoring version 1", before.label());
        assertEquals("Grace", before.savedBy());
        assertEquals(Delta.ofText("xxx\n"), hubs.contentAt("d", before.documentVersion()).orElseThrow());
        SavedVersion restore = saves.stream().filter(s -> s.number() == 3).findFirst().orElseThrow();
        assertEquals(SaveTrigger.RESTORE, restore.trigger());
        assertEquals("Grace", restore.savedBy());
        assertEquals("Restored version 1", restore.label());
        assertEquals(4, restore.documentVersion());

        assertEquals(2, bob.next(Saved.class).number(), "the save before the restore comes first");
        assertEquals(4, bob.next(Edit.class).version());
        Saved told = bob.next(Saved.class);
        assertEquals("restore", told.trigger());
        assertEquals("Grace", told.savedBy());
    }

    @Test
    void restore_whenTheContentIsSavedAlready_makesNoSaveBeforeIt() {
        DocumentSession session = typedAndSaved();
        type(session, 1);
        session.save(null);
        ada.next(Saved.class);

        hubs.restore("d", 1, new User("api:r", "Grace", "#607d8b"), null).join();

        List<SavedVersion> saves = store.savedVersions("d");
        assertEquals(List.of(SaveTrigger.EXPLICIT, SaveTrigger.EXPLICIT, SaveTrigger.RESTORE),
                saves.stream().sorted(java.util.Comparator.comparingLong(SavedVersion::number))
                        .map(SavedVersion::trigger).toList());
    }
}
