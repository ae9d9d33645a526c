package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quire.store.InMemoryDocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rename is stored, then told to everyone in the document (in {@code DocumentHubsTest} style). */
class RenameTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), java.time.ZoneOffset.UTC);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void rename_tellsEveryParticipant_afterItIsStored_andLaterWelcomesCarryIt() {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        DocumentHubs hubs = new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults());
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("d", ada, null);
        ada.next(Welcome.class);
        hubs.join("d", bob, null);
        bob.next(Welcome.class);
        ada.next(Presence.class);

        EditResult result = hubs.rename("d", "Minutes", null, "Grace").join();
        assertEquals(0, result.version());

        assertEquals(new RecordingParticipant.TitleChanged("Minutes", "Grace"),
                ada.next(RecordingParticipant.TitleChanged.class));
        assertEquals(new RecordingParticipant.TitleChanged("Minutes", "Grace"),
                bob.next(RecordingParticipant.TitleChanged.class));
        assertEquals("Minutes", store.load("d").orElseThrow().info().title(), "stored before anyone is told");
        assertNull(ada.poll(100), "one message per rename");

        RecordingParticipant carol = new RecordingParticipant("carol");
        hubs.join("d", carol, null);
        assertEquals("Minutes", carol.next(Welcome.class).title());
    }

    @Test
    void rename_refused_tellsNoOne() {
        DocumentHubs hubs = new DocumentHubs(new InMemoryDocumentStore(), pool, scheduler, clock, HubSettings.defaults());
        RecordingParticipant ada = new RecordingParticipant("ada");
        hubs.join("d", ada, null);
        ada.next(Welcome.class);

        EditResult result = hubs.rename("d", "Minutes", 7L, "Grace").join();
        assertEquals(ErrorCode.VERSION_CONFLICT, result.error());
        assertNull(ada.poll(200));
    }
}
