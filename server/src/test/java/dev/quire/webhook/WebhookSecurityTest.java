package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.Await;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Secret rotation, and the SSRF guard at delivery time (DNS rebinding) - never sending to a refused address. */
class WebhookSecurityTest {
    final MutableClock clock = new MutableClock();
    final InMemoryWebhookStore store = new InMemoryWebhookStore();
    final Receiver receiver = new Receiver();
    final List<Webhooks> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        started.forEach(w -> w.stop(Duration.ofSeconds(1)));
        receiver.close();
    }

    Webhooks start(Webhooks w) {
        w.start();
        started.add(w);
        return w;
    }

    @Tag("heavy")
    @Test
    void rotation_signsWithOldAndNewUntilTheOldExpires() throws Exception {
        Webhooks webhooks = start(new Webhooks(store, WebhookDeliveryTest.SETTINGS, clock, HostResolver.system(),
                (SSLSocketFactory) SSLSocketFactory.getDefault()));
        var created = webhooks.registry().create(DocumentSet.ALL, new EndpointRegistry.Spec(receiver.url("/hook"), "",
                Set.of(EventType.DOCUMENT_DELETED), Set.of(), true));
        var rotated = webhooks.registry().rotateSecret(DocumentSet.ALL, created.endpoint().id());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), rotated.endpoint().previousSecretExpiresAt());

        OutboxMessage first = webhooks.publish(new DocumentDeleted("d", "T", "Ada", clock.instant()));
        // Wait for the recorded success, not just the request: jumping the clock an hour while the attempt is
        // still in flight would expire its lease, and the dispatcher would rightly deliver it again.
        Await.until(() -> receiver.received().size() == 1 && !store.attempts(first.id(),
                created.endpoint().id()).isEmpty(), "first delivery recorded");
        clock.advance(Duration.ofHours(1));
        webhooks.publish(new DocumentDeleted("e", "T", "Ada", clock.instant()));
        Await.until(() -> receiver.received().size() == 2, "second delivery");

        Receiver.Received during = receiver.received().get(0);
        Receiver.Received after = receiver.received().get(1);
        assertEquals(2, during.header("webhook-signature").split(" ").length);
        assertEquals(1, after.header("webhook-signature").split(" ").length);
        List<JsonNode> answers = NodeVerifier.verify(List.of(
                NodeVerifier.Case.of(created.secret(), during), NodeVerifier.Case.of(rotated.secret(), during),
                NodeVerifier.Case.of(created.secret(), after), NodeVerifier.Case.of(rotated.secret(), after)));
        assertTrue(answers.get(0).get("ok").asBoolean(), "old secret during the rotation");
        assertTrue(answers.get(1).get("ok").asBoolean(), "new secret during the rotation");
        assertFalse(answers.get(2).get("ok").asBoolean(), "old secret after it expired");
        assertTrue(answers.get(3).get("ok").asBoolean(), "new secret after the rotation");
    }

    @Test
    void hostRebindingToAPrivateAddressAfterRegistration_isRefusedAtDeliveryWithoutConnecting() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>("93.184.216.34");
        HostResolver dns = host -> List.of(InetAddress.getByName(answer.get()));
        List<WebhookSender.Request> sent = new CopyOnWriteArrayList<>();
        WebhookSender recording = request -> {
            sent.add(request);
            return new WebhookSender.Result(204, null, Duration.ZERO, null);
        };
        WebhookSettings guarded = WebhookDeliveryTest.SETTINGS.toBuilder().allowPrivateTargets(false).build();
        Webhooks webhooks = start(new Webhooks(store, guarded, clock, dns, recording));
        var endpoint = webhooks.registry().create(DocumentSet.ALL, new EndpointRegistry.Spec(
                URI.create("https://rebind.example/h"), "", Set.of(EventType.DOCUMENT_DELETED), Set.of(), true));

        answer.set("10.0.0.7");
        OutboxMessage m = webhooks.publish(new DocumentDeleted("d", "T", "Ada", clock.instant()));
        String id = endpoint.endpoint().id();
        Await.until(() -> !store.attempts(m.id(), id).isEmpty(), "the attempt is logged");

        Attempt refused = store.attempts(m.id(), id).get(0);
        assertNull(refused.statusCode());
        assertEquals("not sent: url: host 'rebind.example' resolves to 10.0.0.7, a private address; private targets"
                + " are not allowed on this server (setting webhooks.allowPrivateTargets)", refused.error());
        assertEquals(List.of(), sent);

        answer.set("93.184.216.34");
        clock.advance(Duration.ofSeconds(1));
        webhooks.wake();
        Await.until(() -> sent.size() == 1, "sent once the name is public again");
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), sent.get(0).addresses(),
                "the sender is given the checked address to connect to");
    }

    @Test
    void sender_connectsToTheCheckedAddressAndSendsTheNameAsHost() {
        HostResolver dns = host -> {
            if (!host.equals("hooks.quire.test")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        Webhooks webhooks = start(new Webhooks(store, WebhookDeliveryTest.SETTINGS, clock, dns,
                (SSLSocketFactory) SSLSocketFactory.getDefault()));
        URI url = URI.create("http://hooks.quire.test:" + receiver.port() + "/pinned?x=1");
        webhooks.registry().create(DocumentSet.ALL, new EndpointRegistry.Spec(url, "",
                Set.of(EventType.DOCUMENT_DELETED), Set.of(), true));
        webhooks.publish(new DocumentDeleted("d", "T", "Ada", clock.instant()));

        Await.until(() -> receiver.received().size() == 1, "delivered through the resolver's address");
        assertEquals("hooks.quire.test:" + receiver.port(), receiver.received().get(0).header("host"));
        assertEquals("/pinned", receiver.received().get(0).path());
    }

    @Test
    void registration_refusesEachAddressClassWhenTheGuardIsOn() {
        WebhookSettings guarded = WebhookDeliveryTest.SETTINGS.toBuilder().allowPrivateTargets(false).build();
        Webhooks webhooks = new Webhooks(store, guarded, clock);
        for (String url : List.of("http://127.0.0.1/", "http://[::1]/", "http://10.0.0.1/", "http://172.20.0.1/",
                "http://192.168.1.1/", "http://[fd00::1]/", "http://169.254.10.10/", "http://[fe80::1]/",
                "http://224.0.0.251/", "http://0.0.0.0/", "http://100.100.100.200/", "http://169.254.169.254/",
                "http://[fd00:ec2::254]/", "ftp://example.com/")) {
            WebhookException e = assertThrows(WebhookException.class, () -> webhooks.registry().create(
                    DocumentSet.ALL, new EndpointRegistry.Spec(URI.create(url), "", Set.of(EventType.DOCUMENT_SAVED),
                            Set.of(), true)),
                    url);
            assertEquals(WebhookException.Kind.FORBIDDEN_TARGET, e.kind(), url);
        }
        assertEquals(List.of(), store.endpoints());
    }
}
