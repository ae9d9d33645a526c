package dev.quire.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.DocumentState;
import dev.quire.collab.ErrorCode;
import dev.quire.collab.User;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.OpPage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.Map;

/**
 * The reading half of the documents API: the list, a document, its history and its content at any
 * version (the nearest stored snapshot at or before it plus a replay of the ops after). Reads see
 * only what is committed. What reads the store runs on {@link StoreCalls}. Thread-safe.
 */
final class DocumentReads {
    private final DocumentHubs hubs;
    private final DocumentStore store;
    private final DocumentJson out;
    private final ApiSettings settings;
    private final StoreCalls calls;

    DocumentReads(DocumentHubs hubs, DocumentStore store, DocumentJson out, ApiSettings settings, StoreCalls calls) {
        this.hubs = hubs;
        this.store = store;
        this.out = out;
        this.settings = settings;
        this.calls = calls;
    }

    /**
     * {@code {"documents": [...], "nextCursor": "..."}}, newest update first; no nextCursor on the last page. Each
     * item says who is in the document now ({@code present}), from the open hubs.
     */
    /** A page of the documents {@code visible} accepts (the principal may read them). */
    CompletableFuture<Response> list(String limitParam, String cursorParam, Predicate<String> visible) {
        return calls.run(() -> listNow(limitParam, cursorParam, visible));
    }

    private Response listNow(String limitParam, String cursorParam, Predicate<String> visible) {
        int limit = (int) parseLong("limit", limitParam, settings.defaultPageSize(), 1, settings.maxPageSize());
        ListCursor cursor = cursorParam == null || cursorParam.isEmpty() ? null : ListCursor.decode(cursorParam);
        List<DocumentInfo> all = store.list().stream().sorted(ListCursor.ORDER)
                .filter(info -> cursor == null || cursor.precedes(info)).filter(info -> visible.test(info.id()))
                .limit(limit + 1L).toList();
        ObjectNode body = out.mapper().createObjectNode();
        ArrayNode documents = body.putArray("documents");
        List<DocumentInfo> page = all.subList(0, Math.min(limit, all.size()));
        Map<String, List<User>> present = hubs.present(page.stream().map(DocumentInfo::id).toList());
        page.forEach(info -> documents.add(out.listItem(info, present.getOrDefault(info.id(), List.of()))));
        if (all.size() > limit) {
            body.put("nextCursor", ListCursor.after(all.get(limit - 1)).encode());
        }
        return Response.ok(out.write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    CompletableFuture<Response> get(String id, Request request) {
        return hubs.read(id).thenApply(found -> {
            DocumentState state = found.orElseThrow(() -> notFound(id));
            return Representations.render(request, state.version(), state.content(),
                    () -> out.write(out.document(state)));
        });
    }

    /**
     * Committed ops with {@code from < version <= to}; {@code to} defaults to as many as one response holds. A page
     * also ends at {@link ApiSettings#maxOpsBytesPerRequest()} bytes of ops, so no response holds the history at
     * large (a few hundred near-megabyte ops made one of a gigabyte); {@code next} then names the version to
     * continue from.
     */
    CompletableFuture<Response> ops(String id, String fromParam, String toParam) {
        return calls.run(() -> opsNow(id, fromParam, toParam));
    }

    private Response opsNow(String id, String fromParam, String toParam) {
        long from = parseLong("from", fromParam, 0, 0, Long.MAX_VALUE - 1);
        long max = settings.maxOpsPerRequest();
        long to = parseLong("to", toParam, from + max, 0, Long.MAX_VALUE);
        if (to < from) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "to (" + to + ") is before from (" + from + ")");
        }
        if (to - from > max) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "at most " + max + " ops per request; page with from");
        }
        requireExists(id);
        ObjectNode body = out.mapper().createObjectNode().put("id", id).put("from", from);
        ArrayNode ops = body.putArray("ops");
        OpPage page = store.ops(id, from, to, settings.maxOpsBytesPerRequest());
        page.ops().forEach(op -> ops.add(out.op(op)));
        if (page.cut()) {
            body.put("next", page.ops().get(page.ops().size() - 1).version());
        }
        return Response.ok(out.write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    CompletableFuture<Response> version(String id, String versionParam, Request request) {
        return calls.run(() -> versionNow(id, versionParam, request));
    }

    private Response versionNow(String id, String versionParam, Request request) {
        long version = parseLong("version", versionParam, -1, 0, Long.MAX_VALUE);
        DocumentSnapshot snapshot = store.snapshotAtOrBefore(id, version).orElseThrow(() -> notFound(id));
        Delta content = snapshot.content();
        long at = snapshot.version();
        for (CommittedOp op : store.ops(id, snapshot.version(), version)) {
            content = op.delta().applyTo(content);
            at = op.version();
        }
        if (at != version) {
            throw new ApiException(ApiError.NOT_FOUND, "document " + id + " has no version " + version + " (yet); its latest is " + at);
        }
        Delta result = content;
        return Representations.render(request, version, result, () -> out.write(out.versionContent(id, version, result)));
    }

    private void requireExists(String id) {
        if (store.snapshotAtOrBefore(id, 0).isEmpty()) {
            throw notFound(id);
        }
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.DOCUMENT_NOT_FOUND, "no document " + id);
    }

    /** A query or path number in [min, max]; {@code fallback} when absent ({@code -1}: required). */
    private static long parseLong(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            if (fallback < 0) {
                throw new ApiException(ApiError.INVALID_MESSAGE, name + " is required");
            }
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ApiError.INVALID_MESSAGE, name + " must be an integer from " + min + " to " + max
                + ", got \"" + value + "\"");
    }
}
