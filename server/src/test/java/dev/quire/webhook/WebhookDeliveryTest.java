package dev.quire.webhook;

import dev.quire.store.SaveTrigger;
import dev.quire.store.OutboxMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.webhook.Receiver.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real deliveries to a real HTTP receiver on loopback; time moves only when the test moves the clock. */
class WebhookDeliveryTest {
    /** Used by a test that makes an endpoint fail on purpose: its warning is asserted, not printed. */
    @AutoClose
    private final CapturedLogs logs = new CapturedLogs();
    static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(4));
    static final WebhookSettings SETTINGS = WebhookSettings.defaults().toBuilder()
            .publicBaseUrl(URI.create("https://quire.example"))
            .allowPrivateTargets(true)
            .retrySchedule(SCHEDULE).jitter(0)
            .connectTimeout(Duration.ofSeconds(2)).attemptTimeout(Duration.ofSeconds(5))
            .previousSecretTtl(Duration.ofHours(1))
            .maxConcurrency(2).pollInterval(Duration.ofMillis(10))
            .build();

    final MutableClock clock = new MutableClock();
    final InMemoryWebhookStore store = new InMemoryWebhookStore();
    final Receiver receiver = new Receiver();
    Webhooks webhooks = start(SETTINGS);

    Webhooks start(WebhookSettings settings) {
        Webhooks w = new Webhooks(store, settings, clock, HostResolver.system(),
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        w.start();
        return w;
    }

    @AfterEach
    void tearDown() {
        webhooks.stop(Duration.ofSeconds(1));
        receiver.close();
    }

    EndpointRegistry.WithSecret register(String path, EventType... types) {
        return webhooks.registry().create(DocumentSet.ALL, new EndpointRegistry.Spec(receiver.url(path), "test",
                Set.of(types), Set.of(), true));
    }

    DocumentSaved saved(String documentId, long number) {
        return new DocumentSaved(documentId, "Zoë's notes ✓", number, number * 10, number > 1 ? number - 1 : null,
                (number - 1) * 10, SaveTrigger.EXPLICIT, "Grace", clock.instant(), null);
    }

    void awaitReceived(String path, int count) {
        Await.until(() -> receiver.received(path).size() >= count, Duration.ofSeconds(10),
                () -> path + " received " + receiver.received(path).size() + " of " + count);
    }

    Delivery awaitDelivery(OutboxMessage m, String endpointId, Predicate<Delivery> condition, String what) {
        Await.until(() -> delivery(m, endpointId).filter(condition).isPresent(), Duration.ofSeconds(10),
                () -> what + "; delivery is " + delivery(m, endpointId));
        return delivery(m, endpointId).orElseThrow();
    }

    java.util.Optional<Delivery> delivery(OutboxMessage m, String endpointId) {
        return store.deliveriesOf(m.id()).stream().filter(d -> d.endpointId().equals(endpointId)).findFirst();
    }

    static Predicate<Delivery> attempted(int n) {
        return d -> d.attempts() >= n && d.leasedUntil() == null;
    }

    @Tag("heavy")
    @Test
    void save_isDeliveredOnceSignedWithTheStandardHeadersAndVerifiedByNode() throws Exception {
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        OutboxMessage message = webhooks.publish(saved("doc1", 1));

        awaitReceived("/hook", 1);
        Receiver.Received got = receiver.received("/hook").get(0);
        assertEquals("POST", got.method());
        assertEquals(message.id(), got.header("webhook-id"));
        assertEquals(Long.toString(clock.instant().getEpochSecond()), got.header("webhook-timestamp"));
        assertTrue(got.header("webhook-signature").matches("v1,[A-Za-z0-9+/=]+"), got.header("webhook-signature"));
        assertEquals("application/json", got.header("content-type"));
        assertEquals("127.0.0.1:" + receiver.port(), got.header("host"));
        assertEquals(message.body(), got.body());

        JsonNode verified = NodeVerifier.verify(NodeVerifier.Case.of(endpoint.secret(), got));
        assertTrue(verified.get("ok").asBoolean(), verified.toString());
        assertEquals("document.saved", verified.get("payload").get("type").asText());
        assertEquals("Zoë's notes ✓", verified.get("payload").get("data").get("title").asText());

        Delivery done = awaitDelivery(message, endpoint.endpoint().id(), d -> d.state() == Delivery.State.SUCCEEDED,
                "succeeded");
        assertEquals(1, done.attempts());
        Attempt logged = store.attempts(message.id(), endpoint.endpoint().id()).get(0);
        assertEquals(204, logged.statusCode());
        assertNull(logged.error());
        assertEquals(1, receiver.received("/hook").size());
    }

    @Test
    void events_goExactlyToTheEndpointsSubscribedToThem() throws Exception {
        register("/saved", EventType.DOCUMENT_SAVED);
        register("/created", EventType.DOCUMENT_CREATED);
        register("/all", EventType.values());
        webhooks.registry().create(DocumentSet.ALL, new EndpointRegistry.Spec(receiver.url("/doc2"), "",
                Set.of(EventType.values()), Set.of("doc2"), true));

        webhooks.publish(new DocumentCreated("doc1", "A", 0, "Ada", clock.instant()));
        webhooks.publish(saved("doc1", 1));
        webhooks.publish(new DocumentDeleted("doc2", "B", "Ada", clock.instant()));

        awaitReceived("/all", 3);
        awaitReceived("/saved", 1);
        awaitReceived("/created", 1);
        awaitReceived("/doc2", 1);
        assertEquals(List.of("document.saved"), types("/saved"));
        assertEquals(List.of("document.created"), types("/created"));
        assertEquals(Set.of("document.created", "document.saved", "document.deleted"), Set.copyOf(types("/all")));
        assertEquals(List.of("document.deleted"), types("/doc2"));
    }

    private List<String> types(String path) {
        return receiver.received(path).stream().map(r -> r.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1"))
                .toList();
    }

    @Tag("heavy")
    @Test
    void receiverFailingThreeTimesThenSucceeding_getsTheSameWebhookIdEveryTime() throws Exception {
        receiver.then(Reply.status(500), Reply.status(500), Reply.status(503));
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        String id = endpoint.endpoint().id();
        OutboxMessage message = webhooks.publish(saved("doc1", 1));

        for (int attempt = 1; attempt <= 3; attempt++) {
            Delivery d = awaitDelivery(message, id, attempted(attempt), "attempt " + attempt);
            assertEquals(Delivery.State.PENDING, d.state());
            assertEquals(clock.instant().plus(SCHEDULE.get(attempt - 1)), d.nextAttemptAt());
            clock.advance(SCHEDULE.get(attempt - 1));
            webhooks.wake();
        }
        awaitDelivery(message, id, d -> d.state() == Delivery.State.SUCCEEDED, "success on attempt 4");

        List<Receiver.Received> got = receiver.received("/hook");
        assertEquals(4, got.size());
        assertTrue(got.stream().allMatch(r -> r.header("webhook-id").equals(message.id())));
        assertEquals(4, got.stream().map(r -> r.header("webhook-timestamp")).distinct().count(),
                "each attempt is signed at its own time");
        for (JsonNode answer : NodeVerifier.verify(got.stream()
                .map(r -> NodeVerifier.Case.of(endpoint.secret(), r)).toList())) {
            assertTrue(answer.get("ok").asBoolean(), answer.toString());
        }
        assertEquals(List.of(500, 500, 503, 204), store.attempts(message.id(), id).stream()
                .map(Attempt::statusCode).toList());
        assertEquals(List.of(1, 2, 3, 4), store.attempts(message.id(), id).stream().map(Attempt::number).toList());
        assertNull(store.endpoint(id).orElseThrow().failingSince(), "a success ends the failure period");
    }

    @Test
    void gone410_disablesTheEndpointAndStopsNewDeliveries() {
        logs.capture("dev.quire.webhook");
        receiver.then(Reply.status(410));
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        OutboxMessage message = webhooks.publish(saved("doc1", 1));

        Delivery d = awaitDelivery(message, endpoint.endpoint().id(), x -> x.state() == Delivery.State.FAILED,
                "given up after 410");
        assertEquals("HTTP 410", d.lastError());
        // The delivery's outcome is written before the endpoint is disabled: wait for the second write.
        Await.until(() -> !webhooks.registry().get(DocumentSet.ALL, endpoint.endpoint().id()).enabled(),
                "the endpoint is disabled");
        Endpoint after = webhooks.registry().get(DocumentSet.ALL, endpoint.endpoint().id());
        assertFalse(after.enabled());
        assertTrue(after.disabledReason().startsWith("the receiver answered 410 Gone"), after.disabledReason());
        logs.await(Level.WARN, "disabled: the receiver answered 410 Gone");

        OutboxMessage later = webhooks.publish(saved("doc1", 2));
        assertEquals(List.of(), store.deliveriesOf(later.id()));
    }

    @Test
    void redirect_isNotFollowedAndCountsAsFailure() {
        receiver.otherwise(Reply.withHeader(302, "Location", receiver.url("/elsewhere").toString()));
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        OutboxMessage message = webhooks.publish(saved("doc1", 1));

        Delivery d = awaitDelivery(message, endpoint.endpoint().id(), attempted(1), "first attempt");
        assertEquals(Delivery.State.PENDING, d.state());
        assertEquals("HTTP 302 (redirects are not followed)", d.lastError());
        clock.advance(SCHEDULE.get(0));
        webhooks.wake();
        awaitDelivery(message, endpoint.endpoint().id(), attempted(2), "second attempt");
        assertEquals(2, receiver.received("/hook").size());
        assertEquals(List.of(), receiver.received("/elsewhere"));
    }

    @Test
    void retryAfter_on429_delaysTheNextAttemptAsAsked() {
        receiver.then(Reply.withHeader(429, "Retry-After", "120"));
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        OutboxMessage message = webhooks.publish(saved("doc1", 1));

        Instant first = clock.instant();
        Delivery d = awaitDelivery(message, endpoint.endpoint().id(), attempted(1), "first attempt");
        assertEquals(first.plusSeconds(120), d.nextAttemptAt(), "not the schedule's 1 s");
        clock.advance(Duration.ofSeconds(120));
        webhooks.wake();
        awaitDelivery(message, endpoint.endpoint().id(), x -> x.state() == Delivery.State.SUCCEEDED, "retried");
    }

    @Test
    void endpointFailingLongerThanTheDisablePeriod_isDisabledAndMarked() {
        logs.capture("dev.quire.webhook");
        tearDownAndRestart(SETTINGS.toBuilder()
                .retrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofSeconds(5))).jitter(0)
                .disableAfter(Duration.ofSeconds(10))
                .build());
        receiver.otherwise(Reply.status(500));
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        String id = endpoint.endpoint().id();
        Instant start = clock.instant();
        OutboxMessage message = webhooks.publish(saved("doc1", 1));

        awaitDelivery(message, id, attempted(1), "attempt 1");
        assertEquals(start, store.endpoint(id).orElseThrow().failingSince());
        clock.advance(Duration.ofSeconds(5));
        webhooks.wake();
        awaitDelivery(message, id, attempted(2), "attempt 2");
        assertTrue(store.endpoint(id).orElseThrow().enabled(), "5 s of failing is not yet 10 s");
        clock.advance(Duration.ofSeconds(5));
        webhooks.wake();
        Delivery d = awaitDelivery(message, id, x -> x.state() == Delivery.State.FAILED, "given up");

        assertEquals(3, d.attempts());
        Await.until(() -> !store.endpoint(id).orElseThrow().enabled(), "the endpoint is disabled");
        Endpoint disabled = store.endpoint(id).orElseThrow();
        assertFalse(disabled.enabled());
        assertTrue(disabled.disabledReason().startsWith("no successful delivery since " + start), disabled.disabledReason());
        logs.await(Level.WARN, "disabled: no successful delivery since");
    }

    @Test
    void restart_deliversWhatWasPendingWithTheSameId() {
        receiver.then(Reply.status(500));
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        String id = endpoint.endpoint().id();
        OutboxMessage retried = webhooks.publish(saved("doc1", 1));
        awaitDelivery(retried, id, attempted(1), "attempt 1");

        webhooks.stop(Duration.ofSeconds(1));
        OutboxMessage whileDown = webhooks.messages().forEvent(saved("doc1", 2));
        store.enqueue(whileDown); // as a save transaction would, with no dispatcher running
        clock.advance(Duration.ofSeconds(1));

        webhooks = start(SETTINGS);
        awaitDelivery(retried, id, d -> d.state() == Delivery.State.SUCCEEDED, "retried after the restart");
        awaitDelivery(whileDown, id, d -> d.state() == Delivery.State.SUCCEEDED, "delivered after the restart");
        assertEquals(List.of(retried.id(), retried.id(), whileDown.id()).stream().sorted().toList(),
                receiver.received("/hook").stream().map(r -> r.header("webhook-id")).sorted().toList());
    }

    @Test
    void concurrency_isBoundedBySettings() {
        receiver.otherwise(Reply.hanging());
        register("/hook", EventType.DOCUMENT_SAVED);
        for (int i = 1; i <= 5; i++) {
            webhooks.publish(saved("doc" + i, 1));
        }
        awaitReceived("/hook", 2);
        Await.until(() -> webhooks.dispatcher().inFlight() == 2, "two attempts in flight");
        long leased = store.claimDue(clock.instant(), clock.instant(), 10).size();
        assertEquals(3, leased, "the other three were never claimed");
    }

    @Test
    void stop_withAnAttemptHanging_handsItsDeliveryBack_dueAtOnceForTheNextStart() {
        receiver.then(Reply.hanging());
        var endpoint = register("/hook", EventType.DOCUMENT_SAVED);
        OutboxMessage message = webhooks.publish(saved("doc1", 1));
        awaitReceived("/hook", 1);

        webhooks.stop(Duration.ofMillis(200));

        Delivery released = delivery(message, endpoint.endpoint().id()).orElseThrow();
        assertEquals(Delivery.State.PENDING, released.state());
        assertNull(released.leasedUntil(), "lease released, not left to run out");
        assertEquals(0, released.attempts(), "an abandoned attempt has no outcome to count");
        assertTrue(released.dueAt(clock.instant()), released.toString());
        // The fake clock does not move: only a released lease lets the next start deliver it.
        webhooks = start(SETTINGS);
        awaitDelivery(message, endpoint.endpoint().id(), d -> d.state() == Delivery.State.SUCCEEDED, "delivered");
        List<Receiver.Received> got = receiver.received("/hook");
        assertEquals(message.id(), got.get(got.size() - 1).header("webhook-id"));
    }

    private void tearDownAndRestart(WebhookSettings settings) {
        webhooks.stop(Duration.ofSeconds(1));
        webhooks = start(settings);
    }

    @Test
    void finishedDeliveries_areForgottenAfterTheLogRetention_pendingOnesAreKept() {
        var ok = register("/ok", EventType.DOCUMENT_SAVED);
        OutboxMessage old = webhooks.publish(saved("doc1", 1));
        awaitDelivery(old, ok.endpoint().id(), d -> d.state() == Delivery.State.SUCCEEDED, "delivered");
        assertTrue(store.message(old.id()).isPresent(), "kept while younger than the retention");

        clock.advance(SETTINGS.logRetention().plusDays(1));
        OutboxMessage recent = webhooks.publish(saved("doc1", 2)); // wakes the dispatcher at the new time

        Await.until(() -> store.message(old.id()).isEmpty(), Duration.ofSeconds(10),
                () -> "the old message is still there: " + store.deliveriesOf(old.id()));
        assertEquals(java.util.List.of(), store.attempts(old.id(), ok.endpoint().id()));
        awaitDelivery(recent, ok.endpoint().id(), d -> d.state() == Delivery.State.SUCCEEDED, "recent delivered");
        assertTrue(store.message(recent.id()).isPresent());
    }
}
