package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is disconnected with 4008 once its queue passes the bound, instead
 * of the server buffering for it without limit — and the others keep editing.
 */
class SlowConsumerTest {

    @Test
    void clientThatStopsReading_isClosedWith4008_othersUnaffected() throws Exception {
        ClientManager slowManager = ClientManager.createClient();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CloseReason> slowClosed = new CompletableFuture<>();
        // The typist is a script that sends the next op as soon as the last is acknowledged (about a thousand a
        // second here), far above the per-connection rate limit; the rate limit is not what this test is about.
        SecurityLimits unlimitedRate = SecurityLimits.defaults()
                .withWebSocket(WsLimits.defaults().toBuilder()
                        .messagesPerSecond(1_000_000).messageBurst(1_000_000).build());
        try (TestServer server = TestServer.start(unlimitedRate);
             WsTestClient typist = server.client("slow", "typist").connect().join()) {
            Session slow = slowManager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        if (text.contains("\"type\":\"op\"")) {
                            awaitQuietly(release); // stop reading: the socket's buffers fill up
                        }
                    });
                }

                @Override
                public void onClose(Session session, CloseReason reason) {
                    slowClosed.complete(reason);
                }
            }, ClientEndpointConfig.Builder.create().build(), WsTestClient.wsUri(server.baseUri()).resolve("/ws/documents/slow"));
            int leavesBefore = typist.count(m -> type(m).equals("leave"));
            slow.getBasicRemote().sendText("{\"type\":\"hello\",\"protocol\":2,\"name\":\"slow\"}");
            String slowId = typist.awaitMessage(m -> type(m).equals("presence") && m.get("name").asText().equals("slow"), 0)
                    .get("clientId").asText();

            String block = "x".repeat(8 * 1024);
            for (int i = 0; i < 5_000 && typist.count(m -> type(m).equals("leave")) == leavesBefore; i++) {
                typist.edit(Delta.builder().insert(block).build());
                typist.edit(Delta.builder().delete(block.length()).build());
                Await.until(() -> !typist.hasPending(), "the typist's edits are acknowledged");
            }
            JsonNode leave = typist.awaitMessage(m -> type(m).equals("leave"), leavesBefore);
            assertEquals(slowId, leave.get("clientId").asText());

            typist.edit(Delta.ofText("still editing"));
            Await.until(() -> !typist.hasPending(), "the typist goes on after the slow client is dropped");

            release.countDown();
            CloseReason reason = slowClosed.get(30, TimeUnit.SECONDS);
            assertEquals(4008, reason.getCloseCode().getCode(), reason.toString());
        } finally {
            release.countDown();
            slowManager.shutdown();
        }
    }

    @Test
    void clientThatStopsReading_largeOps_isClosedByBytesLongBeforeTheCount() throws Exception {
        ClientManager slowManager = ClientManager.createClient();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CloseReason> slowClosed = new CompletableFuture<>();
        try (TestServer server = TestServer.start();
             WsTestClient typist = server.client("slow-bytes", "typist").connect().join()) {
            Session slow = slowManager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.setMaxTextMessageBufferSize(1 << 20);
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        if (text.contains("\"type\":\"op\"")) {
                            awaitQuietly(release);
                        }
                    });
                }

                @Override
                public void onClose(Session session, CloseReason reason) {
                    slowClosed.complete(reason);
                }
            }, ClientEndpointConfig.Builder.create().build(),
                    WsTestClient.wsUri(server.baseUri()).resolve("/ws/documents/slow-bytes"));
            int leavesBefore = typist.count(m -> type(m).equals("leave"));
            slow.getBasicRemote().sendText("{\"type\":\"hello\",\"protocol\":2,\"name\":\"slow\"}");
            String slowId = typist.awaitMessage(m -> type(m).equals("presence") && m.get("name").asText().equals("slow"),
                    0).get("clientId").asText();

            // 256 KiB an insert: 16 MiB unread (plus what the sockets hold) is reached after well under a hundred
            // of them, 250 messages at most here - far below the 2,000 messages the count allows.
            String block = "x".repeat(256 * 1024);
            int rounds = 0;
            while (rounds < 125 && typist.count(m -> type(m).equals("leave")) == leavesBefore) {
                rounds++;
                typist.edit(Delta.builder().insert(block).build());
                typist.edit(Delta.builder().delete(block.length()).build());
                Await.until(() -> !typist.hasPending(), "the typist's edits are acknowledged");
            }
            JsonNode leave = typist.awaitMessage(m -> type(m).equals("leave"), leavesBefore);
            assertEquals(slowId, leave.get("clientId").asText(), "dropped after " + rounds + " rounds");

            release.countDown();
            CloseReason reason = slowClosed.get(30, TimeUnit.SECONDS);
            assertEquals(4008, reason.getCloseCode().getCode(), reason.toString());
            assertTrue(reason.getReasonPhrase().contains("bytes unread"), reason.getReasonPhrase());
        } finally {
            release.countDown();
            slowManager.shutdown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
