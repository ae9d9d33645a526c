package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.store.Endpoint;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.InMemoryWebhookStore;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveOutbox;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.testkit.ManualTime;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub hands its {@link SaveOutbox} to the store with every save and reports the commit to it. */
class SaveAnnouncementsTest {
    private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    private final ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final List<SavedVersion> committed = new CopyOnWriteArrayList<>();
    private final SaveOutbox outbox = new SaveOutbox() {
        @Override
        public List<OutboxMessage> messagesFor(SavedVersion saved) {
            return List.of(new OutboxMessage("msg_" + saved.number(), "document.saved", saved.documentId(), "{}",
                    saved.savedAt()));
        }

        @Override
        public void committed(SavedVersion saved) {
            committed.add(saved);
        }
    };
    private final DocumentHubs hubs = new DocumentHubs(new InMemoryDocumentStore(webhooks), pool, time.scheduler(),
            time, HubSettings.defaults(), outbox);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void explicitSave_enqueuesItsMessage_andReportsTheCommit() {
        time.settleWith(ManualTime.idle(pool));
        webhooks.createEndpoint(new Endpoint("ep", URI.create("https://hooks.example/ep"), "",
                Set.of("document.saved"), Set.of(), true, null, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", null,
                null, null, Instant.EPOCH, Instant.EPOCH));
        RecordingParticipant ada = new RecordingParticipant("ada");
        hubs.join("d", ada, null);
        ada.next(Welcome.class);

        SavedVersion saved = hubs.save("d", "ada", SaveTrigger.EXPLICIT, null).join().saved();

        assertEquals(List.of(saved), committed);
        assertEquals("d", webhooks.message("msg_1").orElseThrow().documentId());
        assertEquals(1, webhooks.deliveriesOf("msg_1").size());
    }
}
