package dev.quire.ot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The formatting attributes of an op ({@code {"bold": true, "link": "…"}}), immutable, with the
 * four operations of quill-delta's {@code AttributeMap}.
 *
 * <p>A key mapped to JSON {@code null} means "remove this format" (in a retain) and is distinct
 * from an absent key. Values are JSON values in {@link JsonValues} normal form and compare by deep
 * equality. Key order is kept but does not take part in equality.
 */
public final class AttributeMap {
    public static final AttributeMap EMPTY = new AttributeMap(Collections.emptyMap());

    private final Map<String, Object> values;

    private AttributeMap(Map<String, Object> values) {
        this.values = values;
    }

    /** An attribute map holding a normalised, immutable copy of {@code values}; {@link #EMPTY} when empty. */
    @SuppressWarnings("unchecked")
    public static AttributeMap of(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return EMPTY;
        }
        return new AttributeMap((Map<String, Object>) JsonValues.normalize(values));
    }

    /** Convenience for tests and code: {@code of("bold", true, "color", "red")}. */
    public static AttributeMap of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(map);
    }

    /** The attributes as an unmodifiable map (JSON null values included). */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    /** The value for {@code key}; {@code null} both for JSON null and for an absent key (see {@link #containsKey}). */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * Attributes of {@code b} applied over {@code a}. Unless {@code keepNull}, null values of
     * {@code b} are dropped (they removed a format); keys only in {@code a} are kept as they are,
     * nulls included, exactly as quill-delta does.
     */
    public static AttributeMap compose(AttributeMap a, AttributeMap b, boolean keepNull) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : b.values.entrySet()) {
            if (keepNull || entry.getValue() != null) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<String, Object> entry : a.values.entrySet()) {
            if (!b.values.containsKey(entry.getKey())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return wrap(result);
    }

    /** The attributes that turn {@code a} into {@code b}: changed keys with b's value, removed keys with null. */
    public static AttributeMap diff(AttributeMap a, AttributeMap b) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String key : keysOfBoth(a, b)) {
            Object left = a.values.get(key);
            Object right = b.values.get(key);
            boolean leftPresent = a.values.containsKey(key);
            boolean rightPresent = b.values.containsKey(key);
            if (leftPresent != rightPresent || !Objects.equals(left, right)) {
                result.put(key, right);
            }
        }
        return wrap(result);
    }

    /**
     * The attributes that undo {@code attr} applied over {@code base}. quill-delta compares with
     * JavaScript's {@code !==} here, so two objects or arrays never count as the same value even
     * when deeply equal; {@link #sameReference} reproduces that.
     */
    public static AttributeMap invert(AttributeMap attr, AttributeMap base) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : base.values.entrySet()) {
            String key = entry.getKey();
            if (attr.values.containsKey(key) && !sameReference(entry.getValue(), attr.values.get(key))) {
                result.put(key, entry.getValue());
            }
        }
        for (Map.Entry<String, Object> entry : attr.values.entrySet()) {
            if (!base.values.containsKey(entry.getKey())) {
                result.put(entry.getKey(), null);
            }
        }
        return wrap(result);
    }

    /**
     * {@code b} transformed against {@code a}, both applied to the same text. With priority
     * ({@code a} came first), {@code b} loses the keys {@code a} already set.
     */
    public static AttributeMap transform(AttributeMap a, AttributeMap b, boolean priority) {
        if (a.isEmpty() || !priority) {
            return b;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : b.values.entrySet()) {
            if (!a.values.containsKey(entry.getKey())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return wrap(result);
    }

    private static boolean sameReference(Object x, Object y) {
        if (x instanceof Map || x instanceof List || y instanceof Map || y instanceof List) {
            return false;
        }
        return Objects.equals(x, y);
    }

    private static Iterable<String> keysOfBoth(AttributeMap a, AttributeMap b) {
        Map<String, Boolean> keys = new LinkedHashMap<>();
        a.values.keySet().forEach(k -> keys.put(k, Boolean.TRUE));
        b.values.keySet().forEach(k -> keys.put(k, Boolean.TRUE));
        return keys.keySet();
    }

    /** Wraps a freshly built map whose values are already normalised. */
    private static AttributeMap wrap(Map<String, Object> fresh) {
        return fresh.isEmpty() ? EMPTY : new AttributeMap(Collections.unmodifiableMap(fresh));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeMap other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
