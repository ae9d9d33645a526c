package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import dev.quire.server.QuireServer;
import dev.quire.store.DocumentStore;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.testkit.ListenerThreadGuard;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An op on a base older than the history a document keeps in memory is sequenced against ops read from the store -
 * on the store's threads, never on the thread that read the op from its socket (the document's sequence runs there
 * when the document is idle).
 */
class LateOpReadTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService storeIo = Executors.newFixedThreadPool(1);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ListenerThreadGuard guard = new ListenerThreadGuard();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        storeIo.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void anOpOnABaseOlderThanTheHistoryKept_isRebasedPastOpsReadOffTheReadingThread() throws Exception {
        DocumentStore store = guard.wrap(DocumentStore.class, new InMemoryDocumentStore());
        DocumentHubs hubs = new DocumentHubs(store, pool, storeIo, scheduler, Clock.systemUTC(),
                HubSettings.defaults().toBuilder().recentOpsKept(2).build(), dev.quire.store.OutboxFactory.NONE,
                HubMetrics.NONE);
        RecordingParticipant typist = new RecordingParticipant("typist");
        DocumentSession typing = hubs.join("d", typist, null);
        typist.next(Welcome.class);
        for (int seq = 1; seq <= 5; seq++) {
            typing.submit(seq, seq - 1, Delta.builder().insert("x").build());
            typist.next(RecordingParticipant.Ack.class);
        }
        RecordingParticipant late = new RecordingParticipant("late");
        DocumentSession lateSession = hubs.join("d", late, null);
        late.next(Welcome.class);

        // Submitted from a thread named as the listener's: the document is idle, so its sequence runs right here.
        Thread reader = new Thread(() -> lateSession.submit(1, 0, Delta.builder().insert("L").build()),
                QuireServer.LISTENER_THREADS + "test");
        reader.start();
        reader.join(TimeUnit.SECONDS.toMillis(10));

        assertEquals(new RecordingParticipant.Ack(1, 6), late.next(RecordingParticipant.Ack.class));
        assertEquals(List.of(), guard.violations(), "store reads on the reading thread");
        assertEquals(Delta.ofText("xxxxxL\n"), hubs.read("d").get(10, TimeUnit.SECONDS).orElseThrow().content(),
                "rebased past the five ops: a committed insert stays first");
    }
}
