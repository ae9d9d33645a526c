package dev.quire.collab;

import dev.quire.doc.RichText;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.ot.Op;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Quire lets into a document, on top of what the OT algebra accepts. {@code ot} takes any embed and any string,
 * as quill-delta does (and must, to agree with it); a browser cannot show an embed type its Quill has no blot for
 * (it stops rendering there), and clients in other languages cannot decode an unpaired surrogate. So content that
 * enters from outside is held to this rule where it enters: every change the hub applies (WebSocket ops and
 * batches, REST edits, replacements, HTML imports and restores all become one) and every new document. Content
 * already stored is never checked again, so a document written before the rule still loads and can be edited.
 *
 * <ul>
 *   <li>An embed is an image, {@code {"image": url}}: exactly one key, and a URL {@link SafeUrls#isSafeImage} allows
 *       (http, https, relative, or a raster {@code data:image/...;base64}). Quill's other embeds are refused: the
 *       editor does not bundle KaTeX for {@code formula}, and a {@code video} is a frame to anywhere that the
 *       page's Content-Security-Policy blocks anyway.</li>
 *   <li>Every string (inserted text, attribute names and values, embed values) is well-formed UTF-16: no
 *       unpaired surrogate.</li>
 *   <li>A change starts and ends its ops between characters, never between the two halves of a surrogate pair of
 *       the document (which would leave both halves unpaired, or formatted differently).</li>
 * </ul>
 *
 * <p>Each refusal is an {@link InvalidDeltaException} whose message names the position. Stateless.
 */
public final class ContentPolicy {
    /** The embed types a document may hold. */
    public static final Set<String> EMBED_TYPES = Set.of("image");
    private static final int MAX_QUOTED_CHARS = 40;

    private ContentPolicy() {
    }

    /**
     * Checks the content of a new document: every op an insert, positions counted in it.
     *
     * @throws InvalidDeltaException naming the first insert that breaks the rule
     */
    public static void checkDocument(Delta document) {
        int pos = 0;
        for (Op op : document.ops()) {
            checkOp(op, pos);
            pos += op.length();
        }
    }

    /**
     * Checks {@code change} before it is applied to {@code content}. Positions in messages are indices in the
     * content before the change, as in the document's own refusals. A boundary past the end is left for
     * {@link RichText#apply} to refuse.
     *
     * @throws InvalidDeltaException naming the first op or position that breaks the rule
     */
    static void checkChange(Delta change, RichText content) {
        List<Op> ops = change.ops();
        int pos = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (i > 0) {
                checkBoundary(pos, content);
            }
            checkOp(op, pos);
            if (!isInsert(op)) {
                pos += op.length();
            }
        }
        if (!ops.isEmpty() && !isInsert(ops.get(ops.size() - 1))) {
            checkBoundary(pos, content);
        }
    }

    private static void checkOp(Op op, int pos) {
        String where = (isInsert(op) ? "insert" : op instanceof Op.Delete ? "delete" : "retain") + " at " + pos;
        if (op instanceof Op.Insert insert) {
            int bad = unpairedSurrogate(insert.text());
            if (bad >= 0) {
                throw new InvalidDeltaException(where + ": the text has an unpaired surrogate "
                        + codePoint(insert.text().charAt(bad)) + " at offset " + bad);
            }
        } else if (op instanceof Op.InsertEmbed embed) {
            checkEmbed(embed.embed(), where);
        }
        checkAttributes(op.attributes(), where);
    }

    private static void checkEmbed(Embed embed, String where) {
        Map<String, Object> value = embed.value();
        if (value.size() != 1) {
            throw new InvalidDeltaException(where + ": an embed has exactly one key, its type; this one has "
                    + value.keySet().stream().map(ContentPolicy::quote).collect(Collectors.joining(", ")));
        }
        String type = embed.type();
        if (!EMBED_TYPES.contains(type)) {
            throw new InvalidDeltaException(where + ": embeds of type " + quote(type)
                    + " are not supported; the only embed is an image, {\"image\": url}");
        }
        if (!(value.get(type) instanceof String url)) {
            throw new InvalidDeltaException(where + ": an image's value must be a URL string, got "
                    + describe(value.get(type)));
        }
        checkString(url, where + ": the image URL");
        if (url.isBlank() || !SafeUrls.isSafeImage(url)) {
            throw new InvalidDeltaException(where + ": image URL " + quote(url) + " is not allowed; use http(s), a"
                    + " relative URL or data:image/(png|jpeg|gif|webp);base64");
        }
    }

    private static void checkAttributes(AttributeMap attributes, String where) {
        for (Map.Entry<String, Object> attribute : attributes.asMap().entrySet()) {
            String what = where + ": attribute " + quote(attribute.getKey());
            checkString(attribute.getKey(), what + "'s name");
            checkValue(attribute.getValue(), what);
        }
    }

    /** A JSON value in {@code JsonValues} form: strings anywhere in it must be well-formed. */
    private static void checkValue(Object value, String what) {
        if (value instanceof String s) {
            checkString(s, what);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                checkString((String) entry.getKey(), what);
                checkValue(entry.getValue(), what);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(item -> checkValue(item, what));
        }
    }

    private static void checkString(String s, String what) {
        int bad = unpairedSurrogate(s);
        if (bad >= 0) {
            throw new InvalidDeltaException(what + " holds an unpaired surrogate " + codePoint(s.charAt(bad)));
        }
    }

    /** Refuses a boundary of the change at {@code pos} that falls between the halves of a surrogate pair. */
    private static void checkBoundary(int pos, RichText content) {
        if (pos <= 0 || pos >= content.length()) {
            return;
        }
        char before = content.charAt(pos - 1);
        char after = content.charAt(pos);
        if (Character.isHighSurrogate(before) && Character.isLowSurrogate(after)) {
            throw new InvalidDeltaException("the change has an op boundary at " + pos + ", inside the surrogate pair "
                    + codePoint(before) + " " + codePoint(after) + " at " + (pos - 1)
                    + "; an edit may not split a character");
        }
    }

    /** Index of the first unpaired surrogate in {@code s}, or -1. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isInsert(Op op) {
        return op instanceof Op.Insert || op instanceof Op.InsertEmbed;
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return String.valueOf(value);
    }

    /** {@code text} as a JSON-like string literal, shortened, with control characters and surrogates escaped. */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        int end = Math.min(text.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(text.length() > end ? "…\"" : "\"").toString();
    }
}
