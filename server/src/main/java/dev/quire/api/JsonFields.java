package dev.quire.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** Strict reading of small JSON request bodies: unknown fields, wrong types and bad values are 400s naming the field. */
final class JsonFields {
    private final JsonNode object;

    private JsonFields(JsonNode object) {
        this.object = object;
    }

    /** @throws ApiException 400 ({@code invalid_message}) if {@code body} is not an object or has a field outside {@code known} */
    static JsonFields of(JsonNode body, Set<String> known) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid("unknown field '" + name + "'; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return new JsonFields(body);
    }

    String text(String field, String absent, int maxLength) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isTextual() || node.asText().length() > maxLength) {
            throw invalid(field + ": must be a string of at most " + maxLength + " characters");
        }
        return node.asText();
    }

    /** The strings of an array field; empty when absent. */
    Set<String> strings(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw invalid(field + ": must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw invalid(field + ": must be an array of strings");
            }
            out.add(element.asText());
        }
        return out;
    }

    Instant instant(String field) {
        String text = text(field, null, 64);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field + ": must be an RFC 3339 time such as 2027-01-01T00:00:00Z");
        }
    }

    static ApiException invalid(String detail) {
        return new ApiException(ApiError.INVALID_MESSAGE, detail);
    }
}
