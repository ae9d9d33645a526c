package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol has no binary messages (docs/protocol.md): the first binary frame closes the connection with 1003,
 * whether or not it joined, before the rest of a large message is read; everyone else goes on.
 */
class BinaryFrameTest {

    @ParameterizedTest(name = "joined first: {0}")
    @ValueSource(booleans = {true, false})
    void binaryFrame_closesTheConnectionWith1003_othersUnaffected(boolean joinedFirst) throws Exception {
        ClientManager manager = ClientManager.createClient();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        try (TestServer server = TestServer.start();
             WsTestClient bystander = server.client("binary", "bystander").connect().join()) {
            Session session = manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    s.setMaxIdleTimeout(-1);
                }

                @Override
                public void onClose(Session s, CloseReason reason) {
                    closed.complete(reason);
                }
            }, ClientEndpointConfig.Builder.create().build(),
                    WsTestClient.wsUri(server.baseUri()).resolve("/ws/documents/binary"));
            if (joinedFirst) {
                session.getBasicRemote().sendText("{\"type\":\"hello\",\"protocol\":2,\"name\":\"binary\"}");
                bystander.awaitMessage(m -> "presence".equals(WsTestClient.type(m))
                        && "binary".equals(m.get("name").asText()), 0);
            }

            // A fragment of a message announced as 4 MiB: the server must not wait for (or buffer) the rest.
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[64 * 1024]), false);

            CloseReason reason = closed.get(10, TimeUnit.SECONDS);
            assertEquals(CloseReason.CloseCodes.CANNOT_ACCEPT, reason.getCloseCode(), reason.toString());
            assertTrue(reason.getReasonPhrase().startsWith("unsupported_data"), reason.getReasonPhrase());

            bystander.edit(Delta.ofText("still here"));
            Await.until(() -> !bystander.hasPending(), "the bystander's edit is acknowledged");
            assertTrue(bystander.isOpen());
            Await.until(() -> server.openWebSocketCount() == 1, "the binary sender's connection is gone");
        } finally {
            manager.shutdown();
        }
    }
}
