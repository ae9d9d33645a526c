package dev.quire.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.collab.DocumentState;
import dev.quire.collab.User;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API's responses (docs/rest.md). Thread-safe. */
final class DocumentJson {
    private final ObjectMapper json;

    DocumentJson(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper mapper() {
        return json;
    }

    /** {@code {"id","title","version","createdAt","updatedAt","content"}}. */
    ObjectNode document(DocumentState state) {
        ObjectNode node = metadata(state.id(), state.title(), state.version(), state.createdAt(), state.updatedAt());
        node.set("content", json.valueToTree(state.content()));
        return node;
    }

    /** A list item: the document without its content, and who is in it now ({@code "present": [{"name","color"}]}). */
    ObjectNode listItem(DocumentInfo info, List<User> present) {
        ObjectNode node = metadata(info.id(), info.title(), info.version(), info.createdAt(), info.updatedAt());
        ArrayNode users = node.putArray("present");
        present.forEach(user -> users.addObject().put("name", user.name()).put("color", user.color()));
        return node;
    }

    private ObjectNode metadata(String id, String title, long version, Instant createdAt, Instant updatedAt) {
        return json.createObjectNode().put("id", id).put("title", title).put("version", version)
                .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
    }

    /** {@code {"id","version"}}: the answer to a write. */
    ObjectNode written(String id, long version) {
        return json.createObjectNode().put("id", id).put("version", version);
    }

    /** Content at an old version: {@code {"id","version","content"}}. */
    ObjectNode versionContent(String id, long version, Delta content) {
        ObjectNode node = json.createObjectNode().put("id", id).put("version", version);
        node.set("content", json.valueToTree(content));
        return node;
    }

    ObjectNode op(CommittedOp op) {
        ObjectNode node = json.createObjectNode().put("version", op.version()).put("clientId", op.clientId())
                .put("seq", op.seq()).put("author", op.author()).put("committedAt", op.committedAt().toString());
        node.set("delta", json.valueToTree(op.delta()));
        return node;
    }

    String write(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always serialisable", e);
        }
    }
}
