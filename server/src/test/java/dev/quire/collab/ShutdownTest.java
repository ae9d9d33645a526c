package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quire.ot.Delta;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DocumentHubs#shutdown()}: what each open document does when the server stops. */
class ShutdownTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    /** Autosave far in the future: only the shutdown can make it. */
    private final DocumentHubs hubs = new DocumentHubs(store, pool, scheduler, clock,
            HubSettings.defaults().toBuilder()
                    .autosaveIdle(Duration.ofHours(1)).autosaveMaxWait(Duration.ofHours(2)).build());

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    @Test
    void shutdown_makesThePendingAutosave_closesSessionsGoingAway_andSnapshotsTheLastVersion() throws Exception {
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession session = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        session.submit(1, 0, insertAt(0, "a"));
        session.submit(2, 1, insertAt(1, "b"));
        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertEquals(new RecordingParticipant.Ack(2, 2), ada.next(RecordingParticipant.Ack.class));

        hubs.shutdown().get(10, TimeUnit.SECONDS);

        Saved saved = ada.next(Saved.class);
        assertEquals(2, saved.documentVersion());
        assertEquals(SaveTrigger.AUTO.wire(), saved.trigger());
        assertEquals(ErrorCode.GOING_AWAY, ada.next(RecordingParticipant.Disconnected.class).code());
        assertEquals(saved, Saved.of(store.latestSave("d").orElseThrow()));
        LoadedDocument loaded = store.load("d").orElseThrow();
        assertEquals(2, loaded.snapshot().version(), "snapshot at the last version");
        assertEquals(Delta.ofText("ab\n"), loaded.snapshot().content());
        assertEquals(0, loaded.opsAfterSnapshot().size());
    }

    @Test
    void documentLoadedAfterShutdown_takesNoChangeEither() throws Exception {
        hubs.create("other", "Other", Delta.ofText("x\n")).join();
        hubs.shutdown().get(10, TimeUnit.SECONDS);

        RecordingParticipant late = new RecordingParticipant("late");
        DocumentSession session = hubs.join("fresh", late, null);
        assertEquals(ErrorCode.GOING_AWAY, late.next(RecordingParticipant.Disconnected.class).code());
        session.submit(1, 0, insertAt(0, "late"));
        EditResult rest = hubs.edit("other", new User("api:1", "Rest", "#000000"), 1, 0, insertAt(0, "x"), null)
                .get(10, TimeUnit.SECONDS);

        assertEquals(ErrorCode.GOING_AWAY, rest.error());
        assertNull(late.poll(200), "no ack for the dropped op");
        assertEquals(0, store.load("fresh").orElseThrow().info().version());
        assertEquals(0, store.load("other").orElseThrow().info().version());
    }

    @Test
    void afterShutdown_opsAreDroppedUnacknowledged_andDirectWritesRefusedGoingAway() throws Exception {
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession session = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        hubs.shutdown().get(10, TimeUnit.SECONDS);
        assertEquals(ErrorCode.GOING_AWAY, ada.next(RecordingParticipant.Disconnected.class).code());

        session.submit(1, 0, insertAt(0, "late"));
        EditResult rest = hubs.edit("d", new User("api:1", "Rest", "#000000"), 1, 0, insertAt(0, "x"), null)
                .get(10, TimeUnit.SECONDS);

        assertEquals(ErrorCode.GOING_AWAY, rest.error());
        assertNull(ada.poll(200), "no ack for the dropped op");
        assertEquals(0, store.load("d").orElseThrow().info().version(), "nothing was applied");
    }
}
