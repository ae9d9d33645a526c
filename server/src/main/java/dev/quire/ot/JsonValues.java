package dev.quire.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normal form of JSON values held by attributes and embeds, so that Java's {@code equals} is the
 * deep equality quill-delta uses ({@code lodash.isequal}).
 *
 * <p>JavaScript has one number type, so {@code 1} and {@code 1.0} are the same value there; here
 * every integral number that fits a {@code long} becomes a {@code Long} and every other number a
 * {@code Double}. Maps and lists become unmodifiable copies (insertion order kept, JSON null kept).
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * Returns the immutable normal form of a JSON value.
     *
     * @throws IllegalArgumentException if the value is not a JSON value (or a map key is not a string)
     */
    public static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            return normalizeNumber(number);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings: " + entry.getKey());
                }
                copy.put(key, normalize(entry.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(normalize(item));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    private static Object normalizeNumber(Number number) {
        if (number instanceof Long) {
            return number;
        }
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        double d = number.doubleValue();
        if (number instanceof java.math.BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        if (number instanceof java.math.BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return d;
            }
        }
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return (long) d;
        }
        return d;
    }
}
