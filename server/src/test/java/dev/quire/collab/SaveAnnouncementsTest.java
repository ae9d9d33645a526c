package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.webhook.Endpoint;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.webhook.InMemoryWebhookStore;
import dev.quire.store.OutboxMessage;
import dev.quire.store.OutboxFactory;
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

/** The hub hands its {@link OutboxFactory} to the store with every save and reports the commit to it. */
class SaveAnnouncementsTest {
    private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    private final ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final List<String> committed = new CopyOnWriteArrayList<>();
    private final OutboxFactory outbox = new OutboxFactory() {
        @Override
        public List<OutboxMessage> messagesFor(SavedVersion saved) {
            return List.of(new OutboxMessage("msg_" + saved.number(), "document.saved", saved.documentId(), "{}",
                    saved.savedAt()));
        }

        @Override
        public List<OutboxMessage> forCreated(String documentId, String title, long version, String createdBy,
                                              Instant at) {
            return List.of(new OutboxMessage("msg_created", "document.created", documentId, createdBy, at));
        }

        @Override
        public List<OutboxMessage> forDeleted(String documentId, String title, String deletedBy, Instant at) {
            return List.of(new OutboxMessage("msg_deleted", "document.deleted", documentId, deletedBy, at));
        }

        @Override
        public void committed() {
            committed.add("commit");
        }
    };
    private final DocumentHubs hubs = new DocumentHubs(new InMemoryDocumentStore(webhooks), pool, time.scheduler(),
            time, HubSettings.defaults(), outbox);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void joinCreates_thenExplicitSave_thenDelete_eachEnqueueTheirMessage_andReportTheCommit() {
        time.settleWith(ManualTime.idle(pool));
        webhooks.createEndpoint(new Endpoint("ep", URI.create("https://hooks.example/ep"), "",
                Set.of("document.saved", "document.created", "document.deleted"), Set.of(), true, null,
                "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", null, null, null, Instant.EPOCH, Instant.EPOCH));
        RecordingParticipant ada = new RecordingParticipant("ada");
        hubs.join("d", ada, null);
        ada.next(Welcome.class);
        assertEquals("User ada", webhooks.message("msg_created").orElseThrow().body(), "the joiner created it");
        assertEquals(List.of("commit"), committed);

        SavedVersion saved = hubs.save("d", "ada", SaveTrigger.EXPLICIT, null).join().saved();
        assertEquals(1, saved.number());
        assertEquals("d", webhooks.message("msg_1").orElseThrow().documentId());
        assertEquals(1, webhooks.deliveriesOf("msg_1").size());
        assertEquals(2, committed.size());

        hubs.delete("d", null, "Grace").join();
        assertEquals("Grace", webhooks.message("msg_deleted").orElseThrow().body());
        assertEquals(1, webhooks.deliveriesOf("msg_deleted").size());
        assertEquals(3, committed.size());
        assertEquals(false, hubs.create("d", "again", dev.quire.ot.Delta.ofText("\n"), "Ada").join(), "ids are not reused");
        assertEquals(3, committed.size(), "nothing created, nothing announced");
    }
}
