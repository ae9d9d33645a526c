package dev.quire.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.Delta;
import dev.quire.json.QuireJson;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads request bodies strictly: a size limit (413), the media type (415), UTF-8 and JSON syntax (400), and
 * fields of the expected types with no unknown ones (400), each refusal naming what was wrong. Thread-safe.
 */
final class RequestBodies {
    private final ObjectMapper json;
    private final int maxBytes;

    RequestBodies(ObjectMapper json, int maxBytes) {
        // Duplicate keys would otherwise be resolved silently (last wins); a client that sends two is confused.
        this.json = json.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.maxBytes = maxBytes;
    }

    /** The body's bytes; 413 once it exceeds the limit (without reading the rest). */
    byte[] bytes(InputStream body) {
        try {
            byte[] read = body.readNBytes(maxBytes + 1);
            if (read.length > maxBytes) {
                throw new ApiException(ApiError.TOO_LARGE, "the request body exceeds " + maxBytes + " bytes");
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
    }

    /** The body as a JSON object; the media type must be JSON. */
    ObjectNode object(MediaType type, InputStream body) {
        requireType(type, MediaType.APPLICATION_JSON_TYPE);
        return object(bytes(body));
    }

    ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "the request body is empty; a JSON object is expected");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "the body must be a JSON object, got " + node.getNodeType());
        }
        return object;
    }

    /**
     * 400 {@code invalid_json} naming what was wrong and, when the parser knows it, where; a limit of
     * {@link QuireJson#READ_CONSTRAINTS} (nesting, number length) is refused without a location.
     */
    static ApiException invalidJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new ApiException(ApiError.INVALID_JSON, "malformed JSON: " + QuireJson.describe(e) + where);
    }

    /** The body as UTF-8 text. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "the body is not valid UTF-8");
        }
    }

    /** 415 unless {@code type} is one of {@code accepted} (parameters such as charset are ignored). */
    static void requireType(MediaType type, MediaType... accepted) {
        for (MediaType a : accepted) {
            if (type != null && a.isCompatible(new MediaType(type.getType(), type.getSubtype()))
                    && !type.isWildcardType() && !type.isWildcardSubtype()) {
                return;
            }
        }
        StringBuilder names = new StringBuilder();
        for (MediaType a : accepted) {
            names.append(names.isEmpty() ? "" : ", ").append(a.getType()).append('/').append(a.getSubtype());
        }
        throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + names + "; got "
                + (type == null ? "none" : type.getType() + "/" + type.getSubtype()));
    }

    /** 400 if {@code object} has a field not in {@code allowed}. */
    static void onlyFields(ObjectNode object, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiException(ApiError.INVALID_MESSAGE, "unknown field \"" + name + "\"; expected " + allowed);
            }
        }
    }

    static String string(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "\"" + field + "\" must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    static Long nonNegativeLong(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "\"" + field + "\" must be a non-negative integer, got " + node);
        }
        return node.longValue();
    }

    /** A delta in quill-delta's JSON form, read strictly (json.DeltaJsonModule); null if absent. */
    Delta delta(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return json.treeToValue(node, Delta.class);
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "\"" + field + "\": " + e.getOriginalMessage());
        }
    }
}
