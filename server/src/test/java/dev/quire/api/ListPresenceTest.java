package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.Await;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The document list says who is in each document now: live editors, once per client, never REST writers. */
class ListPresenceTest extends ApiServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    ListPresenceTest() {
        super(HttpClient.Version.HTTP_1_1);
    }

    private JsonNode listed(String id) {
        Http.Reply list = http.get("/api/documents?limit=100");
        assertEquals(200, list.status(), list::toString);
        for (JsonNode item : list.json().get("documents")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("document " + id + " not listed: " + list);
    }

    private List<String> presentNames(String id) {
        List<String> names = new ArrayList<>();
        listed(id).get("present").forEach(user -> names.add(user.get("name").asText()));
        return names;
    }

    @Test
    void listShowsWhoIsInADocument_untilTheyLeave() {
        String busy = create("busy\n");
        String quiet = create("quiet\n");
        assertEquals(List.of(), presentNames(busy), "nobody yet: an empty array");

        try (WsTestClient ada = server.client(busy, "ada").connect().join()) {
            Await.until(() -> presentNames(busy).equals(List.of("Test ada")), WAIT, () -> "ada listed: " + listed(busy));
            JsonNode user = listed(busy).get("present").get(0);
            assertEquals(2, user.size(), user::toString);
            assertTrue(user.get("color").asText().startsWith("#"), user::toString);

            try (WsTestClient bob = server.client(busy, "bob").connect().join()) {
                Await.until(() -> presentNames(busy).equals(List.of("Test ada", "Test bob")),
                        WAIT, () -> "both listed, in order of arrival: " + listed(busy));
                // A REST writer is not a participant.
                Http.Reply patch = http.json("PATCH", "/api/documents/" + busy,
                        "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\">\"}]}}");
                assertEquals(200, patch.status(), patch::toString);
                assertEquals(List.of("Test ada", "Test bob"), presentNames(busy));
                assertEquals(List.of(), presentNames(quiet), "the other document has nobody in it");
            }
            Await.until(() -> presentNames(busy).equals(List.of("Test ada")), WAIT, () -> "bob gone: " + listed(busy));
        }
        Await.until(() -> presentNames(busy).isEmpty(), WAIT, () -> "everyone gone: " + listed(busy));
    }

    @Test
    void aClientResumingOnASecondConnection_isListedOnce() {
        String id = create("tabs\n");
        try (WsTestClient first = server.client(id, "same").connect().join();
             WsTestClient second = server.client(id, "same").withSecret(first.secret()).connect().join()) {
            assertEquals(4409, first.awaitClose().getCloseCode().getCode(), "one live session per client id");
            Await.until(() -> !presentNames(id).isEmpty(), WAIT, () -> "listed: " + listed(id));
            assertEquals(List.of("Test same"), presentNames(id));
            assertTrue(second.isOpen());
        }
        Await.until(() -> presentNames(id).isEmpty(), WAIT, () -> "gone: " + listed(id));
    }
}
