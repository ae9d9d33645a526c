package dev.quire.ot;

import java.util.List;
import java.util.Map;

/**
 * A cheap estimate of the bytes a delta takes, in memory and in its JSON form, so that what is kept, queued and
 * written can be bounded by size and not only by count. Two bytes per UTF-16 unit of text, of attribute and embed
 * strings and of keys (a Java string holds one or two a unit; JSON's UTF-8 one to three), plus a fixed amount per
 * op and per value for the structure around them. It need only be proportional: a delta of a million characters
 * counts about two million, one of a hundred single-character ops a few thousand.
 *
 * <p>Linear in the number of ops and attribute values (an insert's text counts by its length, unread); allocates
 * nothing. Stateless.
 */
public final class DeltaSize {
    /** An op's own structure: its JSON keys and braces, its object in memory. */
    public static final int PER_OP = 16;
    /** A JSON value's own structure (a number, a boolean, null, or the shell of a string, object or array). */
    public static final int PER_VALUE = 8;

    private DeltaSize() {
    }

    /** The estimated bytes of {@code delta}; at least {@link #PER_OP} per op. */
    public static long of(Delta delta) {
        long bytes = 0;
        for (Op op : delta.ops()) {
            bytes += of(op);
        }
        return bytes;
    }

    /** The estimated bytes of one op. */
    public static long of(Op op) {
        long bytes = PER_OP + ofValue(op.attributes().asMap());
        if (op instanceof Op.Insert insert) {
            bytes += 2L * insert.text().length();
        } else if (op instanceof Op.InsertEmbed embed) {
            bytes += ofValue(embed.embed().value());
        } else if (op instanceof Op.RetainEmbed embed) {
            bytes += ofValue(embed.embed().value());
        }
        return bytes;
    }

    /** A JSON value in {@link JsonValues} normal form (its nesting is bounded by the parser that made it). */
    private static long ofValue(Object value) {
        if (value instanceof String text) {
            return PER_VALUE + 2L * text.length();
        }
        if (value instanceof Map<?, ?> map) {
            long bytes = PER_VALUE;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += 2L * ((String) entry.getKey()).length() + ofValue(entry.getValue());
            }
            return bytes;
        }
        if (value instanceof List<?> list) {
            long bytes = PER_VALUE;
            for (Object item : list) {
                bytes += ofValue(item);
            }
            return bytes;
        }
        return PER_VALUE;
    }
}
