package dev.quire.api;

import dev.quire.webhook.Attempt;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.webhook.DocumentSet;
import dev.quire.webhook.EndpointRegistry;
import dev.quire.webhook.EventType;
import dev.quire.webhook.WebhookException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code /api/webhooks}: register, list, read, change and delete webhook endpoints, rotate their signing secret,
 * read the delivery log and redeliver a message (docs/webhooks.md). A secret appears in a response only when it
 * is made (create, rotate). Failures are problem+json: 400 for a malformed body, 422 for a refused URL, 404 for an
 * unknown id, 409 when the state forbids it, 403 ({@code forbidden}) for documents outside the credential's.
 * A credential limited to some documents works only with endpoints of those documents: the others answer as
 * unknown ids. Every registry call runs on {@link StoreCalls}: it reads or writes the store, and a URL's host is
 * resolved. Thread-safe (stateless over the registry).
 */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhooksResource {

    private static final Set<String> FIELDS = Set.of("url", "description", "eventTypes", "documentIds", "enabled");
    private static final int DEFAULT_LOG_LIMIT = 20;
    private static final int MAX_LOG_LIMIT = 100;

    private final EndpointRegistry registry;
    private final StoreCalls calls;

    public WebhooksResource(EndpointRegistry registry, StoreCalls calls) {
        this.registry = registry;
        this.calls = calls;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(JsonNode body, @Context SecurityContext security) {
        JsonNode object = object(body);
        URI url = url(object.get("url"));
        if (url == null) {
            throw invalid("url: required");
        }
        EndpointRegistry.Spec spec = new EndpointRegistry.Spec(url, text(object, "description", ""),
                types(object.get("eventTypes"), Set.of(EventType.values())), ids(object.get("documentIds")),
                bool(object.get("enabled"), true));
        DocumentSet allowed = allowed(security);
        return call(() -> registry.create(allowed, spec)).thenApply(created -> Response.created(
                URI.create("/api/webhooks/" + created.endpoint().id())).entity(withSecret(created)).build());
    }

    @GET
    public CompletionStage<Map<String, Object>> list(@Context SecurityContext security) {
        DocumentSet allowed = allowed(security);
        return call(() -> Map.of("endpoints", registry.list(allowed).stream().map(WebhooksResource::json).toList()));
    }

    @GET
    @Path("{id}")
    public CompletionStage<Map<String, Object>> get(@PathParam("id") String id, @Context SecurityContext security) {
        DocumentSet allowed = allowed(security);
        return call(() -> json(registry.get(allowed, id)));
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{id}")
    public CompletionStage<Map<String, Object>> update(@PathParam("id") String id, JsonNode body,
                                                       @Context SecurityContext security) {
        JsonNode object = object(body);
        EndpointRegistry.Change change = new EndpointRegistry.Change(url(object.get("url")),
                object.has("description") ? text(object, "description", "") : null,
                object.has("eventTypes") ? types(object.get("eventTypes"), Set.of()) : null,
                object.has("documentIds") ? ids(object.get("documentIds")) : null,
                object.has("enabled") ? bool(object.get("enabled"), true) : null);
        DocumentSet allowed = allowed(security);
        return call(() -> json(registry.update(allowed, id, change)));
    }

    @DELETE
    @Path("{id}")
    public CompletionStage<Response> delete(@PathParam("id") String id, @Context SecurityContext security) {
        DocumentSet allowed = allowed(security);
        return call(() -> {
            registry.delete(allowed, id);
            return Response.noContent().build();
        });
    }

    @POST
    @Path("{id}/rotate-secret")
    public CompletionStage<Map<String, Object>> rotateSecret(@PathParam("id") String id,
                                                             @Context SecurityContext security) {
        DocumentSet allowed = allowed(security);
        return call(() -> withSecret(registry.rotateSecret(allowed, id)));
    }

    @GET
    @Path("{id}/deliveries")
    public CompletionStage<Map<String, Object>> deliveries(@PathParam("id") String id,
                                                           @QueryParam("limit") String limit,
                                                           @Context SecurityContext security) {
        int n = limit == null ? DEFAULT_LOG_LIMIT : parseLimit(limit);
        DocumentSet allowed = allowed(security);
        return call(() -> registry.deliveries(allowed, id, n)).thenApply(WebhooksResource::deliveryLog);
    }

    private static Map<String, Object> deliveryLog(List<EndpointRegistry.DeliveryLog> logs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EndpointRegistry.DeliveryLog log : logs) {
            Delivery d = log.delivery();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("messageId", d.messageId());
            json.put("eventType", log.message().eventType());
            json.put("documentId", log.message().documentId());
            json.put("createdAt", log.message().createdAt().toString());
            json.put("state", d.state().wire());
            json.put("attempts", d.attempts());
            json.put("nextAttemptAt", text(d.nextAttemptAt()));
            json.put("lastError", d.lastError());
            json.put("attemptLog", log.attempts().stream().map(WebhooksResource::json).toList());
            out.add(json);
        }
        return Map.of("deliveries", out);
    }

    /** Queues a message again (same {@code webhook-id}), to one endpoint or to every enabled endpoint that had it. */
    @POST
    @Path("messages/{messageId}/redeliver")
    public CompletionStage<Response> redeliver(@PathParam("messageId") String messageId,
                                               @QueryParam("endpointId") String endpointId,
                                               @Context SecurityContext security) {
        DocumentSet allowed = allowed(security);
        return call(() -> registry.redeliver(allowed, messageId, endpointId)).thenApply(queued -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("messageId", messageId);
            json.put("endpointIds", queued.stream().map(Delivery::endpointId).toList());
            return Response.accepted(json).build();
        });
    }

    /** The documents the request's credential may manage webhooks for: its document limit, if it has one. */
    private static DocumentSet allowed(SecurityContext security) {
        return PrincipalContext.of(security).documentLimit().map(DocumentSet::of).orElse(DocumentSet.ALL);
    }

    private static Map<String, Object> json(Endpoint e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("url", e.url().toString());
        json.put("description", e.description());
        json.put("eventTypes", e.eventTypes().stream().sorted().toList());
        json.put("documentIds", e.documentIds().stream().sorted().toList());
        json.put("enabled", e.enabled());
        json.put("disabledReason", e.disabledReason());
        json.put("failingSince", text(e.failingSince()));
        json.put("previousSecretExpiresAt", text(e.previousSecretExpiresAt()));
        json.put("createdAt", e.createdAt().toString());
        json.put("updatedAt", e.updatedAt().toString());
        return json;
    }

    private static Map<String, Object> json(Attempt a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attempt", a.number());
        json.put("at", a.at().toString());
        json.put("statusCode", a.statusCode());
        json.put("latencyMs", a.latency().toMillis());
        json.put("error", a.error());
        return json;
    }

    private static Map<String, Object> withSecret(EndpointRegistry.WithSecret w) {
        Map<String, Object> json = json(w.endpoint());
        json.put("secret", w.secret());
        return json;
    }

    private static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid("unknown field '" + name + "'; known: " + FIELDS.stream().sorted()
                        .collect(Collectors.joining(", ")));
            }
        }
        return body;
    }

    private static URI url(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("url: must be a string");
        }
        try {
            return new URI(node.asText());
        } catch (java.net.URISyntaxException e) {
            throw invalid("url: not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    private static String text(JsonNode object, String field, String absent) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isTextual()) {
            throw invalid(field + ": must be a string");
        }
        return node.asText();
    }

    private static boolean bool(JsonNode node, boolean absent) {
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw invalid("enabled: must be true or false");
        }
        return node.asBoolean();
    }

    private static Set<EventType> types(JsonNode node, Set<EventType> absent) {
        if (node == null) {
            return absent;
        }
        Set<EventType> types = new LinkedHashSet<>();
        for (String name : strings("eventTypes", node)) {
            types.add(EventType.fromWire(name).orElseThrow(() -> invalid("eventTypes: unknown event type '" + name
                    + "'; known: document.created, document.deleted, document.saved")));
        }
        return types;
    }

    private static Set<String> ids(JsonNode node) {
        return node == null ? Set.of() : new LinkedHashSet<>(strings("documentIds", node));
    }

    private static List<String> strings(String field, JsonNode node) {
        if (!node.isArray()) {
            throw invalid(field + ": must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw invalid(field + ": must be an array of strings");
            }
            out.add(element.asText());
        }
        return out;
    }

    private static int parseLimit(String limit) {
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LOG_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as out of range
        }
        throw invalid("limit: an integer from 1 to " + MAX_LOG_LIMIT);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /**
     * Runs a registry call on {@link StoreCalls} (it reads and writes the store, and resolves the URL's host), turning
     * its refusals into HTTP statuses (here only, for the whole resource).
     */
    private <T> CompletableFuture<T> call(Supplier<T> action) {
        return calls.run(() -> refusalsMapped(action));
    }

    private static <T> T refusalsMapped(Supplier<T> action) {
        try {
            return action.get();
        } catch (WebhookException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> new ApiException(ApiError.NOT_FOUND, e.getMessage());
                case INVALID -> new ApiException(ApiError.INVALID_MESSAGE, e.getMessage());
                case FORBIDDEN_TARGET -> new ApiException(ApiError.FORBIDDEN_TARGET, e.getMessage());
                case CONFLICT -> new ApiException(ApiError.CONFLICT, e.getMessage());
                // A refusal of the credential, coded like every other 403 of the API.
                case FORBIDDEN -> new ApiException(ApiError.FORBIDDEN, e.getMessage());
            };
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ApiError.INVALID_MESSAGE, detail);
    }
}
