package dev.quire.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.DocumentState;
import dev.quire.collab.EditResult;
import dev.quire.collab.ErrorCode;
import dev.quire.collab.SafeUrls;
import dev.quire.collab.User;
import dev.quire.markdown.MarkdownImport;
import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.ot.Op;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The writing half of the documents API. Every change goes through {@link DocumentHubs}, so it is
 * sequenced with the live editors' ops and they see it at once. Thread-safe.
 */
final class DocumentWrites {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String API_AUTHOR = "REST API";
    private static final String API_COLOR = "#607d8b";

    private final DocumentHubs hubs;
    private final DocumentJson out;
    private final RequestBodies bodies;
    private final ApiSettings settings;
    private final SecureRandom random = new SecureRandom();

    DocumentWrites(DocumentHubs hubs, DocumentJson out, ApiSettings settings) {
        this.hubs = hubs;
        this.out = out;
        this.settings = settings;
        this.bodies = new RequestBodies(out.mapper(), settings.maxBodyBytes());
    }

    /** Writes count against {@code writer}'s write budget (see {@link dev.quire.auth.Principal#writerKey()}). */
    CompletableFuture<Response> create(HttpHeaders headers, InputStream body, String writer) {
        ObjectNode request = bodies.object(headers.getMediaType(), body);
        RequestBodies.onlyFields(request, Set.of("title", "content", "text", "html"));
        String title = RequestBodies.string(request, "title");
        title = title == null ? "Untitled" : validTitle(title);
        int forms = (request.hasNonNull("content") ? 1 : 0) + (request.hasNonNull("text") ? 1 : 0)
                + (request.hasNonNull("html") ? 1 : 0);
        if (forms > 1) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "give the content as one of \"content\", \"text\" or \"html\"");
        }
        Delta content;
        if (request.hasNonNull("text")) {
            content = Delta.ofText(RequestBodies.string(request, "text"));
        } else if (request.hasNonNull("html")) {
            content = HtmlImport.toDelta(RequestBodies.string(request, "html"));
        } else {
            Delta given = bodies.delta(request, "content");
            content = given == null ? Delta.empty() : given;
        }
        content = asDocument(content);
        hubs.chargeCreate(writer, content).ifPresent(refusal -> {
            throw ApiException.refused(refusal);
        });
        return createUnderNewId(title, content).thenCompose(hubs::read).thenApply(found -> {
            DocumentState state = found.orElseThrow(() -> new IllegalStateException("created document vanished"));
            return Response.created(URI.create("/api/documents/" + state.id())).type(MediaType.APPLICATION_JSON_TYPE)
                    .tag(Representations.etag(state.version())).entity(out.write(out.document(state))).build();
        });
    }

    /** Completes with the id the document was created under. */
    private CompletableFuture<String> createUnderNewId(String title, Delta content) {
        String id = newId();
        // 96 random bits: a collision is practically impossible, but never fatal
        return create(id, title, content).thenCompose(created -> created ? CompletableFuture.completedFuture(id)
                : createUnderNewId(title, content));
    }

    private CompletableFuture<Boolean> create(String id, String title, Delta content) {
        try {
            return hubs.create(id, title, content, API_AUTHOR);
        } catch (InvalidDeltaException e) {
            throw new ApiException(ErrorCode.INVALID_DELTA, "content: " + e.getMessage());
        }
    }

    /** {@code {"title"}} renames; {@code {"baseVersion", "delta"}} edits. */
    CompletableFuture<Response> patch(String id, HttpHeaders headers, InputStream body, String writer) {
        ObjectNode request = bodies.object(headers.getMediaType(), body);
        RequestBodies.onlyFields(request, Set.of("title", "baseVersion", "delta"));
        Long expected = Representations.ifMatch(headers.getHeaderString(HttpHeaders.IF_MATCH));
        boolean rename = request.has("title");
        boolean edit = request.has("baseVersion") || request.has("delta");
        if (rename == edit) {
            throw new ApiException(ApiError.INVALID_MESSAGE,
                    "send either {\"title\": ...} to rename or {\"baseVersion\": n, \"delta\": {...}} to edit");
        }
        if (rename) {
            String title = RequestBodies.string(request, "title");
            if (title == null) {
                throw new ApiException(ApiError.INVALID_MESSAGE, "\"title\" must be a string");
            }
            return written(id, hubs.rename(id, validTitle(title), expected, API_AUTHOR));
        }
        Long baseVersion = RequestBodies.nonNegativeLong(request, "baseVersion");
        Delta delta = bodies.delta(request, "delta");
        if (baseVersion == null || delta == null) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "an edit needs both \"baseVersion\" and \"delta\"");
        }
        return written(id, hubs.edit(id, author(headers), writer, 1, baseVersion, delta, expected));
    }

    /** Replaces the content: JSON delta, plain text, HTML or CommonMark, by {@code Content-Type}. */
    CompletableFuture<Response> replace(String id, HttpHeaders headers, InputStream body, String writer) {
        MediaType type = headers.getMediaType();
        RequestBodies.requireType(type, MediaType.APPLICATION_JSON_TYPE, MediaType.TEXT_PLAIN_TYPE,
                MediaType.TEXT_HTML_TYPE, Representations.MARKDOWN_TYPE);
        Long expected = Representations.ifMatch(headers.getHeaderString(HttpHeaders.IF_MATCH));
        byte[] bytes = bodies.bytes(body);
        Delta content;
        if (type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
            content = Delta.ofText(RequestBodies.utf8(bytes));
        } else if (type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            content = HtmlImport.toDelta(RequestBodies.utf8(bytes));
        } else if (type.isCompatible(Representations.MARKDOWN_TYPE)) {
            content = MarkdownImport.toDelta(RequestBodies.utf8(bytes), SafeUrls::isSafeLink, SafeUrls::isSafeImage);
        } else {
            ObjectNode wrapper = out.mapper().createObjectNode();
            wrapper.set("content", bodies.object(bytes));
            content = bodies.delta(wrapper, "content");
        }
        return written(id, hubs.replace(id, author(headers), writer, 1, asDocument(content), expected));
    }

    CompletableFuture<Response> delete(String id, HttpHeaders headers) {
        Long expected = Representations.ifMatch(headers.getHeaderString(HttpHeaders.IF_MATCH));
        return committed(hubs.delete(id, expected, API_AUTHOR)).thenApply(result -> Response.noContent().build());
    }

    private CompletableFuture<Response> written(String id, CompletableFuture<EditResult> write) {
        return committed(write).thenApply(result -> Response.ok(out.write(out.written(id, result.version())),
                MediaType.APPLICATION_JSON_TYPE).tag(Representations.etag(result.version())).build());
    }

    private CompletableFuture<EditResult> committed(CompletableFuture<EditResult> write) {
        return HubReplies.within(write, settings.writeTimeout(), "the write was not confirmed within "
                        + settings.writeTimeout().toSeconds() + " s; it may still be committed: read the document"
                        + " before retrying", "write failed")
                .thenApply(result -> {
                    if (!result.isCommitted()) {
                        throw ApiException.refused(result);
                    }
                    return result;
                });
    }

    /**
     * The author of a REST edit. A client that sends {@code Idempotency-Key} may resend the same request
     * after a lost response: the key becomes the op's client id, so the hub's exactly-once rule applies.
     */
    private static User author(HttpHeaders headers) {
        String key = headers.getHeaderString(IDEMPOTENCY_KEY);
        if (key != null && !KEY.matcher(key).matches()) {
            throw new ApiException(ApiError.INVALID_MESSAGE,
                    IDEMPOTENCY_KEY + " must be 1 to 64 letters, digits, '-' or '_'");
        }
        return new User("api:" + (key != null ? key : UUID.randomUUID().toString()), API_AUTHOR, API_COLOR);
    }

    private String validTitle(String title) {
        String t = title.strip();
        if (t.isEmpty() || t.length() > settings.maxTitleLength() || t.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "a title is 1 to " + settings.maxTitleLength()
                    + " characters without control characters");
        }
        return t;
    }

    /** Checks that {@code content} is a document (inserts only) and makes it end with a newline, as Quill requires. */
    static Delta asDocument(Delta content) {
        for (int i = 0; i < content.ops().size(); i++) {
            Op op = content.ops().get(i);
            if (!(op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                throw new ApiException(ErrorCode.INVALID_DELTA, "content ops[" + i + "] is a "
                        + (op instanceof Op.Delete ? "delete" : "retain") + "; a document has inserts only");
            }
        }
        boolean endsWithNewline = !content.ops().isEmpty()
                && content.ops().get(content.ops().size() - 1) instanceof Op.Insert last && last.text().endsWith("\n");
        return endsWithNewline ? content : content.concat(Delta.ofText("\n"));
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
