package dev.quire.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import dev.quire.webhook.WebhookStore;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A save and the messages it announces are one transaction (docs/webhooks.md, "Storage and durability"): what every
 * document store that also holds webhooks must do.
 */
public abstract class SaveOutboxContractTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");

    /** The document store and the webhook store whose outbox its saves write to. */
    public record Stores(DocumentStore documents, WebhookStore webhooks) {
    }

    protected abstract Stores open();

    private DocumentStore documents;
    private WebhookStore webhooks;

    @BeforeEach
    void setUp() {
        Stores stores = open();
        documents = stores.documents();
        webhooks = stores.webhooks();
        documents.create("d1", "Notes", new DocumentSnapshot(0, Delta.ofText("\n")), T0);
        webhooks.createEndpoint(new Endpoint("ep", URI.create("https://hooks.example/ep"), "", Set.of("document.saved"),
                Set.of(), true, null, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", null, null, null, T0, T0));
    }

    @AfterEach
    void tearDown() {
        documents.close();
    }

    /** Announces one message per save, made from the saved version it is given (so it sees the save's number). */
    private static OutboxFactory announcing(AtomicReference<SavedVersion> seen) {
        return saved -> {
            seen.set(saved);
            return List.of(new OutboxMessage("msg_" + saved.documentId() + "_" + saved.number(), "document.saved",
                    saved.documentId(), "{\"savedVersion\":" + saved.number() + "}", saved.savedAt()));
        };
    }

    private static SaveRequest request(long version, OutboxFactory outbox) {
        return new SaveRequest(version, "Notes", SaveTrigger.EXPLICIT, "Ada", T0.plusSeconds(1), null, outbox);
    }

    @Test
    void save_storesItsMessagesWithAPendingDeliveryPerSubscribedEndpoint() throws Exception {
        AtomicReference<SavedVersion> seen = new AtomicReference<>();
        SavedVersion saved = documents.save("d1", request(0, announcing(seen))).get();

        assertEquals(saved, seen.get(), "the factory sees the numbered save");
        OutboxMessage message = webhooks.message("msg_d1_1").orElseThrow();
        assertEquals("{\"savedVersion\":1}", message.body());
        List<Delivery> deliveries = webhooks.deliveriesOf("msg_d1_1");
        assertEquals(List.of("ep"), deliveries.stream().map(Delivery::endpointId).toList());
        assertEquals(Delivery.State.PENDING, deliveries.get(0).state());
    }

    @Test
    void refusedSave_storesNoMessage() {
        AtomicReference<SavedVersion> seen = new AtomicReference<>();
        ExecutionException beyond = assertThrows(ExecutionException.class,
                () -> documents.save("d1", request(5, announcing(seen))).get());
        assertInstanceOf(IllegalArgumentException.class, beyond.getCause());
        assertTrue(webhooks.message("msg_d1_1").isEmpty());
        assertTrue(documents.savedVersions("d1").isEmpty());
    }

    @Test
    void failingFactory_refusesTheSave_andNothingOfItIsStored() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> documents.save("d1", request(0, saved -> {
                    throw new IllegalStateException("no messages today");
                })).get());
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals(List.of(), documents.savedVersions("d1"), "no save without its messages");
        assertEquals(1, documents.save("d1", request(0, OutboxFactory.NONE)).get().number(), "the store goes on");
    }

    @Test
    void createAndDelete_storeTheirMessages_onlyWhenTheyHappen() {
        OutboxMessage created = new OutboxMessage("msg_c", "document.created", "d2", "{}", T0);
        assertTrue(documents.create("d2", "New", new DocumentSnapshot(0, Delta.ofText("\n")), T0, List.of(created)));
        assertEquals(created, webhooks.message("msg_c").orElseThrow());
        OutboxMessage again = new OutboxMessage("msg_c2", "document.created", "d2", "{}", T0);
        assertEquals(false, documents.create("d2", "New", new DocumentSnapshot(0, Delta.ofText("\n")), T0,
                List.of(again)));
        assertTrue(webhooks.message("msg_c2").isEmpty(), "no creation, no message");

        OutboxMessage deleted = new OutboxMessage("msg_d", "document.deleted", "d2", "{}", T0);
        assertTrue(documents.delete("d2", T0, List.of(deleted)));
        assertTrue(webhooks.message("msg_d").isPresent());
        assertEquals(false, documents.delete("d2", T0, List.of(new OutboxMessage("msg_d2", "document.deleted", "d2",
                "{}", T0))));
        assertTrue(webhooks.message("msg_d2").isEmpty(), "no deletion, no message");
    }
}
