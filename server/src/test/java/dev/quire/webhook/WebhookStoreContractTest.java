package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.store.OutboxMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link WebhookStore} must do; each implementation's test extends this. */
public abstract class WebhookStoreContractTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");

    private WebhookStore store;

    protected abstract WebhookStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    static Endpoint endpoint(String id, Set<String> types, Set<String> documents) {
        return new Endpoint(id, URI.create("https://hooks.example/" + id), "", types, documents, true, null,
                "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", null, null, null, T0, T0);
    }

    static OutboxMessage message(String id, String type, String document, Instant at) {
        return new OutboxMessage(id, type, document, "{\"type\":\"" + type + "\"}", at);
    }

    @Test
    void enqueue_createsOnePendingDeliveryPerSubscribedEnabledEndpoint() {
        store.createEndpoint(endpoint("ep_all", Set.of("document.saved", "document.created"), Set.of()));
        store.createEndpoint(endpoint("ep_doc", Set.of("document.saved"), Set.of("d1")));
        store.createEndpoint(endpoint("ep_other", Set.of("document.saved"), Set.of("d2")));
        store.createEndpoint(endpoint("ep_created", Set.of("document.created"), Set.of()));
        store.createEndpoint(endpoint("ep_off", Set.of("document.saved"), Set.of()).disabled("off", T0));

        assertEquals(2, store.enqueue(message("m1", "document.saved", "d1", T0)));
        List<Delivery> deliveries = store.deliveriesOf("m1");
        assertEquals(List.of("ep_all", "ep_doc"), deliveries.stream().map(Delivery::endpointId).toList());
        assertTrue(deliveries.stream().allMatch(d -> d.state() == Delivery.State.PENDING
                && d.nextAttemptAt().equals(T0) && d.attempts() == 0));
        assertEquals(message("m1", "document.saved", "d1", T0), store.message("m1").orElseThrow());
    }

    @Test
    void enqueue_sameMessageIdTwice_isRefused() {
        store.enqueue(message("m1", "document.saved", "d1", T0));
        assertThrows(IllegalArgumentException.class, () -> store.enqueue(message("m1", "document.saved", "d1", T0)));
    }

    @Test
    void claimDue_leasesDueDeliveriesEarliestFirstAndNotTwice() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        store.enqueue(message("m2", "document.saved", "d", T0.plusSeconds(2)));
        store.enqueue(message("m1", "document.saved", "d", T0.plusSeconds(1)));
        store.enqueue(message("m3", "document.saved", "d", T0.plusSeconds(60)));
        Instant now = T0.plusSeconds(10);

        List<Delivery> claimed = store.claimDue(now, now.plusSeconds(30), 10);
        assertEquals(List.of("m1", "m2"), claimed.stream().map(Delivery::messageId).toList());
        assertEquals(now.plusSeconds(30), claimed.get(0).leasedUntil());
        assertEquals(List.of(), store.claimDue(now, now.plusSeconds(30), 10), "leased deliveries are not claimed again");
        assertEquals(2, store.claimDue(now.plusSeconds(31), now.plusSeconds(60), 10).size(), "an expired lease frees them");
    }

    @Test
    void pendingDeliveries_countsPendingOnesOfEveryEndpointUntilTheyEnd() {
        store.createEndpoint(endpoint("ep1", Set.of("document.saved"), Set.of()));
        store.createEndpoint(endpoint("ep2", Set.of("document.saved"), Set.of()));
        assertEquals(0, store.pendingDeliveries());
        store.enqueue(message("m1", "document.saved", "d", T0));
        store.enqueue(message("m2", "document.saved", "d", T0));
        assertEquals(4, store.pendingDeliveries());

        Delivery claimed = store.claimDue(T0, T0.plusSeconds(30), 1).get(0);
        assertEquals(4, store.pendingDeliveries(), "a leased delivery is still pending");
        store.complete(claimed.succeeded(), null);
        assertEquals(3, store.pendingDeliveries());
        store.disableEndpoint(claimed.endpointId(), "410 Gone", T0.plusSeconds(1));
        assertEquals(2, store.pendingDeliveries(), "a disabled endpoint's other delivery is given up");
    }

    @Test
    void claimDue_respectsTheLimit() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        for (int i = 0; i < 5; i++) {
            store.enqueue(message("m" + i, "document.saved", "d", T0));
        }
        assertEquals(3, store.claimDue(T0, T0.plusSeconds(30), 3).size());
        assertEquals(2, store.claimDue(T0, T0.plusSeconds(30), 3).size());
    }

    @Test
    void complete_replacesTheDeliveryAndAppendsTheAttempt() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        store.enqueue(message("m1", "document.saved", "d", T0));
        Delivery claimed = store.claimDue(T0, T0.plusSeconds(30), 1).get(0);
        Attempt first = new Attempt("m1", "ep", 1, T0, 500, Duration.ofMillis(12), "HTTP 500");
        store.complete(claimed.retryAt(T0.plusSeconds(5), "HTTP 500"), first);

        Delivery after = store.deliveriesOf("m1").get(0);
        assertEquals(Delivery.State.PENDING, after.state());
        assertEquals(T0.plusSeconds(5), after.nextAttemptAt());
        assertNull(after.leasedUntil());
        assertEquals(1, after.attempts());
        assertEquals(List.of(first), store.attempts("m1", "ep"));
        assertEquals(List.of(), store.claimDue(T0.plusSeconds(4), T0.plusSeconds(40), 1));
        assertEquals(1, store.claimDue(T0.plusSeconds(5), T0.plusSeconds(40), 1).size());
    }

    @Test
    void disableEndpoint_givesUpItsPendingDeliveriesOnly() {
        store.createEndpoint(endpoint("ep1", Set.of("document.saved"), Set.of()));
        store.createEndpoint(endpoint("ep2", Set.of("document.saved"), Set.of()));
        store.enqueue(message("m1", "document.saved", "d", T0));
        Endpoint disabled = store.disableEndpoint("ep1", "410 Gone", T0.plusSeconds(1)).orElseThrow();

        assertFalse(disabled.enabled());
        assertEquals("410 Gone", disabled.disabledReason());
        List<Delivery> deliveries = store.deliveriesOf("m1");
        assertEquals(Delivery.State.FAILED, deliveries.get(0).state());
        assertEquals("410 Gone", deliveries.get(0).lastError());
        assertEquals(Delivery.State.PENDING, deliveries.get(1).state());
        assertEquals(0, store.enqueue(message("m2", "document.saved", "d", T0)) - 1, "only ep2 gets new messages");
    }

    @Test
    void updateEndpoint_appliesTheChangeAtomically() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        Endpoint failing = store.updateEndpoint("ep", e -> e.failing(T0.plusSeconds(3))).orElseThrow();
        assertEquals(T0.plusSeconds(3), failing.failingSince());
        assertEquals(T0.plusSeconds(3), store.updateEndpoint("ep", e -> e.failing(T0.plusSeconds(9)))
                .orElseThrow().failingSince(), "the first failure time is kept");
        assertTrue(store.updateEndpoint("nope", e -> e).isEmpty());
    }

    @Test
    void requeue_makesDeliveriesOfEnabledEndpointsDueAgainWithTheScheduleReset() {
        store.createEndpoint(endpoint("ep1", Set.of("document.saved"), Set.of()));
        store.createEndpoint(endpoint("ep2", Set.of("document.saved"), Set.of()));
        store.enqueue(message("m1", "document.saved", "d", T0));
        for (Delivery d : store.claimDue(T0, T0.plusSeconds(1), 10)) {
            store.complete(d.failed(true, "gave up"), new Attempt("m1", d.endpointId(), 1, T0, 500, Duration.ZERO,
                    "HTTP 500"));
        }
        store.disableEndpoint("ep2", "off", T0);

        List<Delivery> requeued = store.requeue("m1", null, T0.plusSeconds(100));
        assertEquals(List.of("ep1"), requeued.stream().map(Delivery::endpointId).toList());
        Delivery d = store.deliveriesOf("m1").get(0);
        assertEquals(Delivery.State.PENDING, d.state());
        assertEquals(0, d.failures());
        assertEquals(1, d.attempts(), "the attempt count goes on, so the log numbering does");
        assertEquals(T0.plusSeconds(100), d.nextAttemptAt());
    }

    @Test
    void requeue_toANamedEndpointThatWasDisabled_queuesTheMessageForTheFirstTime() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved", "document.deleted"), Set.of()));
        store.disableEndpoint("ep", "off", T0);
        store.enqueue(message("m1", "document.saved", "d", T0));
        assertEquals(List.of(), store.deliveriesOf("m1"));
        assertEquals(List.of(), store.requeue("m1", "ep", T0.plusSeconds(1)), "still disabled");

        store.updateEndpoint("ep", e -> e.enabled(T0.plusSeconds(2)));
        List<Delivery> requeued = store.requeue("m1", "ep", T0.plusSeconds(3));
        assertEquals(List.of(Delivery.pending("m1", "ep", T0.plusSeconds(3))), requeued);
        assertEquals(requeued, store.deliveriesOf("m1"));
        assertEquals(1, store.requeue("m1", "ep", T0.plusSeconds(3)).size());
        assertEquals(1, store.deliveriesOf("m1").size(), "queued once, not twice");

        store.createEndpoint(endpoint("ep_later", Set.of("document.saved"), Set.of()));
        assertEquals(List.of("ep"), store.requeue("m1", null, T0.plusSeconds(400)).stream()
                .map(Delivery::endpointId).toList(), "without a name, only those that had it");
    }

    @Test
    void deliveries_listsAnEndpointsDeliveriesNewestFirst() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        store.enqueue(message("m1", "document.saved", "d", T0));
        store.enqueue(message("m2", "document.saved", "d", T0.plusSeconds(1)));
        store.enqueue(message("m3", "document.saved", "d", T0.plusSeconds(2)));
        assertEquals(List.of("m3", "m2"), store.deliveries("ep", 2).stream().map(Delivery::messageId).toList());
    }

    @Test
    void deleteEndpoint_removesItsDeliveriesButKeepsMessages() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        store.enqueue(message("m1", "document.saved", "d", T0));
        assertTrue(store.deleteEndpoint("ep"));
        assertFalse(store.deleteEndpoint("ep"));
        assertEquals(List.of(), store.deliveriesOf("m1"));
        assertEquals(List.of(), store.claimDue(T0, T0.plusSeconds(1), 10));
        assertTrue(store.message("m1").isPresent());
    }

    @Test
    void createEndpoint_duplicateId_isRefused() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of())));
    }

    @Test
    void pruneFinishedBefore_forgetsOldFinishedMessages_keepsPendingAndRecentOnes() {
        store.createEndpoint(endpoint("ep", Set.of("document.saved"), Set.of()));
        store.enqueue(message("old_done", "document.saved", "d", T0));
        store.enqueue(message("old_failed", "document.saved", "d", T0));
        store.enqueue(message("old_pending", "document.saved", "d", T0));
        store.enqueue(message("new_done", "document.saved", "d", T0.plusSeconds(100)));
        for (Delivery d : store.claimDue(T0.plusSeconds(100), T0.plusSeconds(130), 10)) {
            Attempt attempt = new Attempt(d.messageId(), "ep", 1, T0, 200, Duration.ZERO, null);
            switch (d.messageId()) {
                case "old_done", "new_done" -> store.complete(d.succeeded(), attempt);
                case "old_failed" -> store.complete(d.failed(true, "gave up"), attempt);
                default -> store.complete(d.retryAt(T0.plusSeconds(500), "HTTP 503"), attempt);
            }
        }

        assertEquals(2, store.pruneFinishedBefore(T0.plusSeconds(50)));

        assertTrue(store.message("old_done").isEmpty());
        assertTrue(store.message("old_failed").isEmpty());
        assertEquals(List.of(), store.deliveriesOf("old_done"));
        assertEquals(List.of(), store.attempts("old_done", "ep"));
        assertTrue(store.message("old_pending").isPresent(), "a pending delivery keeps its message");
        assertEquals(1, store.attempts("old_pending", "ep").size());
        assertTrue(store.message("new_done").isPresent(), "recent messages stay");
        assertEquals(List.of("new_done", "old_pending"), store.deliveries("ep", 10).stream()
                .map(Delivery::messageId).sorted().toList());
        assertEquals(0, store.pruneFinishedBefore(T0.plusSeconds(50)));
    }
}
