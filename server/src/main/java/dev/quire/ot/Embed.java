package dev.quire.ot;

import java.util.Map;
import java.util.Objects;

/**
 * An embed: a non-text item of length 1 in a document, such as {@code {"image": "https://…"}}.
 * Its value is a JSON object; in Quill it has one key, the embed type.
 *
 * @param value the embed object in {@link JsonValues} normal form, never empty
 */
public record Embed(Map<String, Object> value) {
    @SuppressWarnings("unchecked")
    public Embed {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an embed must have at least one key");
        }
        value = (Map<String, Object>) JsonValues.normalize(value);
    }

    /** An embed with a single key, as Quill's embeds are. */
    public static Embed of(String type, Object data) {
        return new Embed(java.util.Collections.singletonMap(type, data));
    }

    /** The embed type: the first key of the object. */
    public String type() {
        return value.keySet().iterator().next();
    }
}
