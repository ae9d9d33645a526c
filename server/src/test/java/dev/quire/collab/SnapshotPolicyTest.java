package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.testkit.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the hub stores a snapshot of a document: every few versions, spaced further apart on a long document. */
class SnapshotPolicyTest {
    private static final int EVERY = 5;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final RecordingParticipant ada = new RecordingParticipant("ada");

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private DocumentSession join() {
        HubSettings settings = HubSettings.defaults().toBuilder().snapshotEvery(EVERY).build();
        DocumentSession session = new DocumentHubs(store, pool, scheduler, clock, settings).join("d", ada, null);
        ada.next(Welcome.class);
        return session;
    }

    /** Types one character per op after {@code version}, up to {@code lastVersion}. */
    private void typeUpTo(DocumentSession session, long version, long lastVersion) {
        for (long v = version + 1; v <= lastVersion; v++) {
            session.submit(v, v - 1, Delta.builder().insert("x").build());
            assertEquals(new RecordingParticipant.Ack(v, v), ada.next(RecordingParticipant.Ack.class));
        }
    }

    private long latestSnapshotVersion() {
        return store.snapshotAtOrBefore("d", Long.MAX_VALUE).map(DocumentSnapshot::version).orElse(-1L);
    }

    @Test
    void shortDocument_snapshotEveryFewVersions() {
        DocumentSession session = join();

        typeUpTo(session, 0, 12);

        Await.until(() -> latestSnapshotVersion() == 10, Duration.ofSeconds(10),
                () -> "a snapshot at version 10; the latest is at " + latestSnapshotVersion());
        assertEquals(5, store.snapshotAtOrBefore("d", 9).orElseThrow().version());
        assertEquals(Delta.ofText("x".repeat(10) + "\n"), store.snapshotAtOrBefore("d", 12).orElseThrow().content());
    }

    @Test
    void longDocument_snapshotsSpacedByItsLength() {
        DocumentSession session = join();
        int length = 20 * OpenDocument.SNAPSHOT_CHARS_PER_VERSION; // a snapshot every 20 versions, not every 5
        session.submit(1, 0, Delta.builder().insert("y".repeat(length - 1)).build());
        ada.next(RecordingParticipant.Ack.class);

        typeUpTo(session, 1, 25);

        Await.until(() -> latestSnapshotVersion() == 20, Duration.ofSeconds(10),
                () -> "a snapshot at version 20; the latest is at " + latestSnapshotVersion());
        assertEquals(0, store.snapshotAtOrBefore("d", 19).orElseThrow().version(),
                "none at versions 5, 10 or 15: the document is long");
    }

    @Test
    void shortDocumentWithLargeOps_snapshotOnceTheirBytesAddUp() {
        DocumentSession session = new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults())
                .join("d", ada, null);
        ada.next(Welcome.class);
        String block = "z".repeat(200_000); // about 400 KB an insert: 8 MiB after about 20 of them
        long version = 0;
        for (int round = 0; round < 30; round++) {
            session.submit(++version, version - 1, Delta.builder().insert(block).build());
            ada.next(RecordingParticipant.Ack.class);
            session.submit(++version, version - 1, Delta.builder().delete(block.length()).build());
            ada.next(RecordingParticipant.Ack.class);
        }

        // By count (every 500 versions) there would be none yet; a load would replay 60 ops of 200,000 characters.
        Await.until(() -> latestSnapshotVersion() > 0, Duration.ofSeconds(10),
                () -> "a snapshot within 60 versions of large ops; the latest is at " + latestSnapshotVersion());
        long replayed = version - latestSnapshotVersion();
        assertTrue(replayed < 60, "a load replays " + replayed + " ops");
    }
}
