package dev.quire.webhook;

import dev.quire.store.SaveTrigger;
import dev.quire.store.OutboxMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-26T10:05:12.123Z");
    private final MutableClock clock = new MutableClock(AT.plusSeconds(1));
    private final WebhookMessages messages = new WebhookMessages(URI.create("https://quire.example/"),
            new Secrets(new SecureRandom(), 32), clock);

    @Test
    void forEvent_saved_carriesVersionsTriggerAndUrls() throws Exception {
        OutboxMessage m = messages.forEvent(new DocumentSaved("hX3k9", "Notes", 3, 120, 2L, 97,
                SaveTrigger.EXPLICIT, "Grace", AT, null));
        assertTrue(m.id().startsWith("msg_"));
        assertEquals("document.saved", m.eventType());
        assertEquals("hX3k9", m.documentId());
        assertEquals(AT.plusSeconds(1), m.createdAt());
        assertEquals(JSON.readTree("""
                {"type": "document.saved", "timestamp": "2026-11-26T10:05:12.123Z", "data": {
                  "documentId": "hX3k9", "title": "Notes", "savedVersion": 3, "documentVersion": 120,
                  "previousSavedVersion": 2, "previousDocumentVersion": 97, "trigger": "explicit",
                  "savedBy": "Grace", "savedAt": "2026-11-26T10:05:12.123Z",
                  "contentUrl": "https://quire.example/api/documents/hX3k9/versions/120",
                  "changesUrl": "https://quire.example/api/documents/hX3k9/ops?from=97&to=120"}}"""),
                JSON.readTree(m.body()));
    }

    @Test
    void forEvent_firstSave_hasNullPreviousAndChangesFromZero() throws Exception {
        JsonNode data = JSON.readTree(messages.forEvent(new DocumentSaved("d", "T", 1, 5, null, 0,
                SaveTrigger.AUTO, "Ada", AT, "v1 draft")).body()).get("data");
        assertTrue(data.get("previousSavedVersion").isNull());
        assertEquals("auto", data.get("trigger").asText());
        assertEquals("v1 draft", data.get("label").asText());
        assertEquals("https://quire.example/api/documents/d/ops?from=0&to=5", data.get("changesUrl").asText());
    }

    @Test
    void forEvent_createdAndDeleted_haveTheirFields() throws Exception {
        JsonNode created = JSON.readTree(messages.forEvent(
                new DocumentCreated("d", "T", 0, "api:ci", AT)).body());
        assertEquals("document.created", created.get("type").asText());
        assertEquals("https://quire.example/api/documents/d", created.get("data").get("contentUrl").asText());
        JsonNode deleted = JSON.readTree(messages.forEvent(new DocumentDeleted("d", "T", "Ada", AT)).body());
        assertEquals("document.deleted", deleted.get("type").asText());
        assertEquals("Ada", deleted.get("data").get("deletedBy").asText());
    }

    @Test
    void forEvent_eachMessage_getsItsOwnId() {
        DocumentDeleted event = new DocumentDeleted("d", "T", "Ada", AT);
        assertNotEquals(messages.forEvent(event).id(), messages.forEvent(event).id());
    }
}
