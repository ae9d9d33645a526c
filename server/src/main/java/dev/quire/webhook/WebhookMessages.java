package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Turns events into outbox messages: a fresh {@code msg_} id and the JSON payload {@code {"type", "timestamp",
 * "data"}}. Payloads are thin - ids, versions and URLs to fetch content, never the content - so a message stays
 * small in the outbox and a receiver always reads the current access rules when it fetches.
 *
 * <p>Pure apart from the random id and the clock, so a document store may call it while it holds a transaction.
 * Thread-safe.
 */
public final class WebhookMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<URI> publicBaseUrl;
    private final Secrets ids;
    private final Clock clock;

    WebhookMessages(URI publicBaseUrl, Secrets ids, Clock clock) {
        this(() -> publicBaseUrl, ids, clock);
    }

    /** With a base URL known only later (the server's own address when it listens on a port picked at start). */
    WebhookMessages(Supplier<URI> publicBaseUrl, Secrets ids, Clock clock) {
        this.publicBaseUrl = publicBaseUrl;
        this.ids = ids;
        this.clock = clock;
    }

    /** The message for {@code event}, enqueued now. */
    public OutboxMessage forEvent(WebhookEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", event.type().wire());
        root.put("timestamp", event.occurredAt().toString());
        ObjectNode data = root.putObject("data");
        data.put("documentId", event.documentId());
        // Java 17: no pattern matching in switch yet; the interface is sealed, so these three are all.
        if (event instanceof DocumentSaved s) {
            saved(data, s);
        } else if (event instanceof DocumentCreated c) {
            data.put("title", c.title());
            data.put("documentVersion", c.documentVersion());
            data.put("createdBy", c.createdBy());
            data.put("createdAt", c.createdAt().toString());
            data.put("contentUrl", documentUrl(c.documentId()));
        } else if (event instanceof DocumentDeleted d) {
            data.put("title", d.title());
            data.put("deletedBy", d.deletedBy());
            data.put("deletedAt", d.deletedAt().toString());
        }
        try {
            return new OutboxMessage(ids.newId("msg_"), event.type().wire(), event.documentId(),
                    JSON.writeValueAsString(root), clock.instant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private void saved(ObjectNode data, DocumentSaved s) {
        data.put("title", s.title());
        data.put("savedVersion", s.savedVersion());
        data.put("documentVersion", s.documentVersion());
        if (s.previousSavedVersion() == null) {
            data.putNull("previousSavedVersion");
        } else {
            data.put("previousSavedVersion", s.previousSavedVersion());
        }
        data.put("previousDocumentVersion", s.previousDocumentVersion());
        data.put("trigger", s.trigger().wire());
        data.put("savedBy", s.savedBy());
        data.put("savedAt", s.savedAt().toString());
        if (s.label() != null) {
            data.put("label", s.label());
        }
        // The content exactly as saved, and the ops between the two saves (docs/rest.md: GET .../versions/{v}
        // and GET .../ops?from=&to=), so a receiver can fetch either without knowing the REST API.
        String document = documentUrl(s.documentId());
        data.put("contentUrl", document + "/versions/" + s.documentVersion());
        data.put("changesUrl", document + "/ops?from=" + s.previousDocumentVersion() + "&to=" + s.documentVersion());
    }

    private String documentUrl(String documentId) {
        String base = publicBaseUrl.get().toString();
        String baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return baseUrl + "/api/documents/" + URLEncoder.encode(documentId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
