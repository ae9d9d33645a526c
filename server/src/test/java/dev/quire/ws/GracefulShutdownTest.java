package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stop_closesEditorsWithGoingAway1001() {
        try (TestServer server = TestServer.start()) {
            WsTestClient ada = server.client("shutdown", "ada").connect().join();
            for (int i = 0; i < 20; i++) {
                ada.edit(Delta.builder().insert("x").build());
            }
            Await.until(() -> !ada.hasPending(), "edits acknowledged");
            server.stop();
            CloseReason reason = ada.awaitClose();
            assertEquals(CloseReason.CloseCodes.GOING_AWAY, reason.getCloseCode(), reason.toString());
            assertFalse(ada.isOpen());
        }
    }
}
