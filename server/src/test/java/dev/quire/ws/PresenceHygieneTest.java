package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one client says about itself reaches the others only in a form that cannot mislead them: selections lie
 * inside the document, display names carry no control characters or bidirectional overrides.
 */
class PresenceHygieneTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode selectionOf(JsonNode welcome, String clientId) {
        for (JsonNode user : welcome.get("users")) {
            if (user.get("clientId").asText().equals(clientId)) {
                return user.get("selection");
            }
        }
        throw new AssertionError(clientId + " is not in the welcome " + welcome);
    }

    @Test
    void selectionPastTheEnd_isClampedToTheDocument_forTheOthersAndForLateJoiners() {
        try (WsTestClient liar = server.client("presence-past-end", "liar").connect().join();
             WsTestClient watcher = server.client("presence-past-end", "watcher").connect().join()) {
            liar.edit(Delta.ofText("abc"));
            Await.until(() -> watcher.content().equals(Delta.ofText("abc\n")), "the text arrives");

            JsonNode presence = watcher.nextOfType("presence", () -> liar.send(
                    "{\"type\":\"presence\",\"selection\":{\"index\":1000000,\"length\":5}}"));
            assertEquals("{\"index\":3,\"length\":0}", presence.get("selection").toString(),
                    "at the last cursor position of \"abc\\n\"");

            presence = watcher.nextOfType("presence", () -> liar.send(
                    "{\"type\":\"presence\",\"selection\":{\"index\":1,\"length\":2147483647}}"));
            assertEquals("{\"index\":1,\"length\":2}", presence.get("selection").toString());

            try (WsTestClient late = server.client("presence-past-end", "late").connect().join()) {
                JsonNode welcome = late.received().stream().filter(m -> type(m).equals("welcome")).findFirst()
                        .orElseThrow();
                assertEquals("{\"index\":1,\"length\":2}", selectionOf(welcome, liar.clientId()).toString());
            }
        }
    }

    @Test
    void selectionInside_isRelayedAsSent() {
        try (WsTestClient mover = server.client("presence-inside", "mover").connect().join();
             WsTestClient watcher = server.client("presence-inside", "watcher").connect().join()) {
            mover.edit(Delta.ofText("hello world"));
            Await.until(() -> watcher.content().equals(Delta.ofText("hello world\n")), "the text arrives");
            JsonNode presence = watcher.nextOfType("presence", () -> mover.send(
                    "{\"type\":\"presence\",\"selection\":{\"index\":6,\"length\":5}}"));
            assertEquals("{\"index\":6,\"length\":5}", presence.get("selection").toString());
        }
    }

    @Test
    void nameWithBidiOverridesAndControls_isShownCleaned_toTheOthersAndInWelcomes() {
        try (WsTestClient watcher = server.client("presence-names", "watcher").connect().join();
             WsTestClient spoof = server.client("presence-names", "spoof").connect()) {
            JsonNode presence = watcher.nextOfType("presence", () -> spoof.send("{\"type\":\"hello\",\"protocol\":2,"
                    + "\"name\":\"\\u202eAnn\\u2066\\u0000\\u001b[2J\\u200fexe.txt\\n\"}"));
            assertEquals("Ann[2Jexe.txt", presence.get("name").asText());
            String spoofId = presence.get("clientId").asText();
            try (WsTestClient late = server.client("presence-names", "late").connect().join()) {
                JsonNode welcome = late.received().stream().filter(m -> type(m).equals("welcome")).findFirst()
                        .orElseThrow();
                JsonNode spoofed = null;
                for (JsonNode user : welcome.get("users")) {
                    if (user.get("clientId").asText().equals(spoofId)) {
                        spoofed = user;
                    }
                }
                assertNotNull(spoofed, "the late joiner's welcome lists the spoofer: " + welcome);
                assertEquals("Ann[2Jexe.txt", spoofed.get("name").asText());
            }
            assertTrue(watcher.isOpen());
        }
    }

    @Test
    void nameOfNothingButControls_becomesAnonymous() {
        try (WsTestClient watcher = server.client("presence-blank", "watcher").connect().join();
             WsTestClient blank = server.client("presence-blank", "blank").connect()) {
            JsonNode presence = watcher.nextOfType("presence", () -> blank.send("{\"type\":\"hello\",\"protocol\":2,"
                    + "\"name\":\"\\u202e\\u202d\\u0007\"}"));
            assertEquals("Anonymous", presence.get("name").asText());
        }
    }
}
