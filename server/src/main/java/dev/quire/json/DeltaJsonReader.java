package dev.quire.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict streaming reader of quill-delta's JSON form; the rules are listed on
 * {@link DeltaJsonModule}. Reading the tokens directly (rather than a tree) lets each error point
 * at the offending token's location as well as name its path ({@code ops[2].attributes}).
 *
 * <p>One instance reads one value: it starts on the value's first token and leaves the parser on
 * its last, as Jackson expects of a deserializer. Not thread-safe.
 */
final class DeltaJsonReader {
    private static final int MAX_QUOTED_CHARS = 40;

    private final JsonParser p;

    DeltaJsonReader(JsonParser p) {
        this.p = p;
    }

    /** Reads {@code {"ops": [...]}} and normalises it with {@link Delta#of}. */
    Delta readDelta() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw fail("a delta must be an object {\"ops\": [...]}, got " + describe());
        }
        List<Op> ops = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            p.nextToken();
            if (!"ops".equals(key)) {
                throw fail("unknown key " + quote(key) + " in a delta; it has only \"ops\"");
            }
            if (ops != null) {
                throw fail("duplicate key \"ops\"");
            }
            ops = readOps();
        }
        if (ops == null) {
            throw fail("a delta needs \"ops\"");
        }
        return Delta.of(ops);
    }

    private List<Op> readOps() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw fail("\"ops\" must be an array, got " + describe());
        }
        List<Op> ops = new ArrayList<>();
        long length = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            String where = "ops[" + ops.size() + "]";
            Op op = readOp(where);
            // Lengths are ints in Java (numbers in JavaScript): a longer delta would overflow when
            // neighbours merge or lengths add up, so it is refused here, where it can be named.
            length += op.length();
            if (length > Integer.MAX_VALUE) {
                throw fail(where + ": the delta's length exceeds " + Integer.MAX_VALUE);
            }
            ops.add(op);
        }
        return ops;
    }

    /** Reads one op object; {@code where} prefixes every error message. */
    Op readOp(String where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw fail(where + " must be an object, got " + describe());
        }
        Object insert = null;
        Object retain = null;
        Integer delete = null;
        AttributeMap attributes = AttributeMap.EMPTY;
        Set<String> seen = new HashSet<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            if (!seen.add(key)) {
                throw fail(where + ": duplicate key " + quote(key));
            }
            p.nextToken();
            switch (key) {
                case "insert" -> insert = readInsert(where);
                case "retain" -> retain = readLengthOrEmbed(where, "retain", true);
                case "delete" -> delete = (Integer) readLengthOrEmbed(where, "delete", false);
                case "attributes" -> attributes = readAttributes(where + ".attributes");
                default -> throw fail(where + ": unknown key " + quote(key)
                        + "; an op has only insert, retain, delete and attributes");
            }
        }
        int actions = (insert != null ? 1 : 0) + (retain != null ? 1 : 0) + (delete != null ? 1 : 0);
        if (actions != 1) {
            throw fail(where + ": an op needs exactly one of insert, retain, delete");
        }
        if (insert instanceof String text) {
            return new Op.Insert(text, attributes);
        }
        if (insert instanceof Embed embed) {
            return new Op.InsertEmbed(embed, attributes);
        }
        if (retain instanceof Integer count) {
            return new Op.Retain(count, attributes);
        }
        if (retain instanceof Embed embed) {
            return new Op.RetainEmbed(embed, attributes);
        }
        if (!attributes.isEmpty()) {
            throw fail(where + ": a delete has no attributes");
        }
        return new Op.Delete(delete);
    }

    /** Reads an attributes object; an empty one is {@link AttributeMap#EMPTY}. */
    AttributeMap readAttributes(String where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw fail(where + " must be an object, got " + describe());
        }
        return AttributeMap.of(readObject(where));
    }

    private Object readInsert(String where) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (text.isEmpty()) {
                throw fail(where + ": \"insert\" must not be an empty string");
            }
            return text;
        }
        if (t == JsonToken.START_OBJECT) {
            return readEmbed(where, "insert");
        }
        throw fail(where + ": \"insert\" must be a string or an embed object, got " + describe());
    }

    /** A positive {@code int} length, or (when {@code embedAllowed}) an embed object. */
    private Object readLengthOrEmbed(String where, String key, boolean embedAllowed) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT && embedAllowed) {
            return readEmbed(where, key);
        }
        String expected = "\"" + key + "\" must be a positive integer";
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() > 0) {
                return p.getIntValue();
            }
            boolean tooLarge = p.getNumberType() != JsonParser.NumberType.INT && !p.getText().startsWith("-");
            throw fail(where + ": " + expected + (tooLarge ? " of at most " + Integer.MAX_VALUE : "")
                    + ", got " + p.getText());
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            throw fail(where + ": " + expected + ", got " + p.getText());
        }
        throw fail(where + ": " + expected + (embedAllowed ? " or an embed object" : "") + ", got " + describe());
    }

    private Embed readEmbed(String where, String key) throws IOException {
        Map<String, Object> value = readObject(where + "." + key);
        if (value.isEmpty()) {
            throw fail(where + ": an embed in \"" + key + "\" must not be an empty object");
        }
        return new Embed(value);
    }

    private Map<String, Object> readObject(String where) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            p.nextToken();
            // A repeated key keeps the last value, as JSON.parse does in the browser.
            map.put(key, readValue(where + "." + key));
        }
        return map;
    }

    private Object readValue(String where) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT:
                return readObject(where);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(readValue(where + "[" + list.size() + "]"));
                }
                return list;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue(); // Integer, Long or BigInteger; JsonValues picks Long or Double
            case VALUE_NUMBER_FLOAT:
                double number = p.getDoubleValue();
                if (Double.isInfinite(number)) {
                    throw fail(where + ": number out of range, got " + p.getText());
                }
                return number;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw fail(where + ": not a JSON value: " + describe());
        }
    }

    private String describe() throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> quote(p.getText());
            default -> p.getText();
        };
    }

    /** {@code text} as a JSON string literal, shortened so a huge value does not flood a log. */
    private static String quote(String text) {
        String shown = text;
        if (text.length() > MAX_QUOTED_CHARS) {
            int end = Character.isHighSurrogate(text.charAt(MAX_QUOTED_CHARS - 1)) ? MAX_QUOTED_CHARS - 1 : MAX_QUOTED_CHARS;
            shown = text.substring(0, end) + "…";
        }
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + "\"";
    }

    private MismatchedInputException fail(String message) {
        return MismatchedInputException.from(p, Delta.class, message);
    }
}
