package dev.quire.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes deltas in quill-delta's JSON form; see {@link DeltaJsonModule}. Stateless. */
final class DeltaJsonWriter {
    private DeltaJsonWriter() {
    }

    static void writeDelta(Delta delta, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName("ops");
        gen.writeStartArray();
        for (Op op : delta.ops()) {
            writeOp(op, gen);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /** Keys in quill-delta's order: the action first, then {@code attributes} when not empty. */
    static void writeOp(Op op, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        if (op instanceof Op.Insert insert) {
            gen.writeFieldName("insert");
            writeString(insert.text(), gen);
        } else if (op instanceof Op.InsertEmbed insert) {
            gen.writeFieldName("insert");
            writeValue(insert.embed().value(), gen);
        } else if (op instanceof Op.Retain retain) {
            gen.writeNumberField("retain", retain.count());
        } else if (op instanceof Op.RetainEmbed retain) {
            gen.writeFieldName("retain");
            writeValue(retain.embed().value(), gen);
        } else if (op instanceof Op.Delete delete) {
            gen.writeNumberField("delete", delete.count());
        }
        writeAttributes(op.attributes(), gen);
        gen.writeEndObject();
    }

    private static void writeAttributes(AttributeMap attributes, JsonGenerator gen) throws IOException {
        if (!attributes.isEmpty()) {
            gen.writeFieldName("attributes");
            writeValue(attributes.asMap(), gen);
        }
    }

    /**
     * Writes a string, escaping an unpaired surrogate as a \\u escape, as JSON.stringify does.
     * Jackson's character generators copy them raw, and a raw one does not survive encoding to
     * UTF-8 (it becomes "?"), which would change the text and its length on the way to a client.
     */
    static void writeString(String text, JsonGenerator gen) throws IOException {
        if (!hasUnpairedSurrogate(text)) {
            gen.writeString(text);
            return;
        }
        // Quoting only escapes ASCII characters, so surrogates keep their neighbours in the result.
        char[] quoted = JsonStringEncoder.getInstance().quoteAsString(text);
        StringBuilder json = new StringBuilder(quoted.length + 16).append('"');
        for (int i = 0; i < quoted.length; i++) {
            char c = quoted[i];
            boolean paired = Character.isHighSurrogate(c) && i + 1 < quoted.length && Character.isLowSurrogate(quoted[i + 1]);
            if (paired) {
                json.append(c).append(quoted[++i]);
            } else if (Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        gen.writeRawValue(json.append('"').toString());
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Writes a JSON value in {@link dev.quire.ot.JsonValues} form (the only kinds ot holds). */
    static void writeValue(Object value, JsonGenerator gen) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String text) {
            writeString(text, gen);
        } else if (value instanceof Boolean bool) {
            gen.writeBoolean(bool);
        } else if (value instanceof Long number) {
            gen.writeNumber(number);
        } else if (value instanceof Double number) {
            // JSON has no NaN or infinity; JSON.stringify writes null for them, and so do we.
            if (number.isNaN() || number.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(number);
            }
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeFieldName((String) entry.getKey());
                writeValue(entry.getValue(), gen);
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                writeValue(item, gen);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalStateException("not a JSON value in normal form: " + value.getClass().getName());
        }
    }
}
