package dev.quire.ws;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of hostile WebSocket text frames for {@link HostileInputFuzzTest}. None of them is a valid op:
 * every frame that claims to be an op carries a delta that starts with a retain or delete far past the end of any
 * document the test makes, or is malformed in another way, and byte-level mutations cannot repair that (a digit
 * removed still leaves millions, a leading zero or sign is invalid). Hostile inserts use only characters outside
 * the honest clients' alphabet, so one that got through would show in the document.
 */
final class HostileFrames {
    /** What honest clients type; hostile text never contains these. */
    static final String HONEST_ALPHABET = "abcdefghijklmnopqrstuvwxyz";

    private static final List<String> HOSTILE_TEXT = List.of("0", "9", "<script>alert(1)</script>", "\\u0000",
            "\\ud800", "\\udc00\\ud800", "\u00e9", "\u6f22", "\ud83d\ude00", "\\\"", "&amp;", "\u202e", "\\n\\n", "#");
    private static final List<String> PAST_THE_END = List.of("{\"retain\":1000000000}", "{\"delete\":1000000000}",
            "{\"retain\":9223372036854775807}", "{\"retain\":9223372036854775808}", "{\"retain\":9007199254740993}",
            "{\"retain\":1e300}", "{\"retain\":-1}", "{\"delete\":-5}", "{\"retain\":0.5}", "{\"retain\":\"1\"}",
            "{\"retain\":1000000000,\"attributes\":{\"bold\":true}}", "{\"retain\":null}", "{\"retain\":[]}");
    private static final List<String> NUMBERS = List.of("0", "-1", "1", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e400", "-0", "0.1", "NaN", "\"1\"", "null", "[]", "{}",
            "true", "123456789012345678901234567890");
    private static final List<String> NOT_OP_TYPES = List.of("\"hello\"", "\"presence\"", "\"save\"", "\"ping\"",
            "\"explode\"", "\"OP\"", "\"op \"", "\"op\\u0000\"", "42", "null", "[\"op\"]", "{\"op\":1}", "\"__proto__\"",
            "\"constructor\"");

    /** Characters mutations insert: the ones that change JSON structure. */
    private static final String INSERTABLE = "{}[]\":,\\0-e";

    private final Random random;

    HostileFrames(Random random) {
        this.random = random;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** One hostile text frame. */
    String next() {
        String frame = switch (random.nextInt(12)) {
            case 0 -> junk();
            case 1 -> poisonedOp(hostileInsert());
            case 2 -> poisonedOp("{\"insert\":\"x\",\"attributes\":" + nested(1 + random.nextInt(3000)) + "}");
            case 3 -> poisonedOp("{\"insert\":\"" + pick(HOSTILE_TEXT) + "\",\"attributes\":{\"__proto__\":{\"bold\":true},"
                    + "\"constructor\":{\"prototype\":{\"x\":1}},\"link\":\"javascript:alert(1)\"}}");
            case 4 -> poisonedOp("{\"insert\":\"" + "7".repeat(1 + random.nextInt(200_000)) + "\"}");
            case 5 -> "{\"type\":\"op\",\"seq\":" + pick(NUMBERS) + ",\"baseVersion\":" + pick(NUMBERS)
                    + ",\"delta\":" + pick(List.of("null", "1", "\"x\"", "[]", "{}", "{\"ops\":null}", "{\"ops\":{}}",
                    "{\"ops\":[1]}", "{\"ops\":[{}]}", "{\"ops\":[{\"insert\":5}]}", "{\"ops\":[{\"insert\":{}}]}",
                    "{\"ops\":[{\"bogus\":1}]}", "{\"ops\":[" + pick(PAST_THE_END) + "]}")) + "}";
            case 6 -> "{\"type\":\"presence\",\"selection\":{\"index\":" + pick(NUMBERS) + ",\"length\":" + pick(NUMBERS)
                    + "}" + (random.nextBoolean() ? ",\"__proto__\":{\"admin\":true}" : "") + "}";
            case 7 -> "{\"type\":" + pick(NOT_OP_TYPES) + ",\"protocol\":" + pick(NUMBERS) + ",\"clientSecret\":"
                    + pick(List.of("\"" + "c".repeat(random.nextInt(5000)) + "\"", "1", "null", "\"\"", "\"<img>\""))
                    + ",\"name\":\"<img src=x onerror=alert(1)>\",\"color\":\"javascript:alert(1)\",\"label\":"
                    + pick(NUMBERS) + "}";
            case 8 -> "{\"type\":\"op\",\"__proto__\":{\"seq\":1},\"constructor\":{},\"seq\":" + (1 + random.nextInt(5))
                    + ",\"baseVersion\":0,\"delta\":{\"ops\":[" + pick(PAST_THE_END) + "," + hostileInsert() + "]}}";
            case 10 -> poisonedBatch();
            case 11 -> "{\"type\":\"ops\",\"baseVersion\":" + pick(NUMBERS) + ",\"ops\":" + pick(List.of("null", "1",
                    "{}", "[]", "[null]", "[1]", "[{}]", "[{\"seq\":1}]", "[{\"seq\":1,\"delta\":null}]",
                    "[" + "{\"seq\":1,\"delta\":{\"ops\":[" + pick(PAST_THE_END) + "]}},".repeat(300) + "{}]")) + "}";
            default -> "{\"type\":\"op\",\"seq\":1,\"seq\":2,\"baseVersion\":0,\"baseVersion\":0,\"delta\":{\"ops\":["
                    + pick(PAST_THE_END) + "," + hostileInsert() + "]},\"extra\":" + nested(random.nextInt(2000)) + "}";
        };
        return wellFormed(random.nextInt(3) == 0 ? mutate(frame) : frame);
    }

    /**
     * A mutation can split a surrogate pair, and a client library cannot encode a lone surrogate as UTF-8 (it
     * throws); invalid UTF-8 is what {@link #rawFrame()} is for, so here lone surrogates become U+FFFD.
     */
    private static String wellFormed(String frame) {
        StringBuilder s = new StringBuilder(frame.length());
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < frame.length() && Character.isLowSurrogate(frame.charAt(i + 1))) {
                s.append(c).append(frame.charAt(++i));
            } else {
                s.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return s.toString();
    }

    private String hostileInsert() {
        return random.nextInt(4) == 0 ? "{\"insert\":{\"image\":\"javascript:alert(1)\"}}"
                : "{\"insert\":\"" + pick(HOSTILE_TEXT) + "\"}";
    }

    /** An op whose delta begins past the end of the document (or with an invalid length): never applicable. */
    private String poisonedOp(String rest) {
        return "{\"type\":\"op\",\"seq\":" + (1 + random.nextInt(1000)) + ",\"baseVersion\":" + random.nextInt(50)
                + ",\"delta\":{\"ops\":[" + pick(PAST_THE_END) + "," + rest + "]}}";
    }

    /** An ops batch whose every op begins past the end of the document, so none of it applies. */
    private String poisonedBatch() {
        StringBuilder s = new StringBuilder("{\"type\":\"ops\",\"baseVersion\":" + random.nextInt(50) + ",\"ops\":[");
        int n = 1 + random.nextInt(5);
        long seq = random.nextInt(1000);
        for (int i = 0; i < n; i++) {
            seq += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3); // now and then not increasing: refused whole
            s.append(i > 0 ? "," : "").append("{\"seq\":").append(seq).append(",\"delta\":{\"ops\":[")
                    .append(pick(PAST_THE_END)).append(",").append(hostileInsert()).append("]}}");
        }
        return s.append("]}").toString();
    }

    private String nested(int depth) {
        StringBuilder s = new StringBuilder();
        s.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
        return s.toString();
    }

    private String junk() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> pick(List.of("null", "[]", "1", "\"op\"", "true", "[{\"type\":\"op\"}]", "{}", "{\"type\":null}"));
            case 3 -> "[".repeat(1 + random.nextInt(100_000));
            default -> {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
        };
    }

    /** One to three random character edits: flips, deletions, insertions. */
    private String mutate(String frame) {
        StringBuilder s = new StringBuilder(frame);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.setCharAt(at, (char) random.nextInt(0x80));
                case 1 -> s.deleteCharAt(at);
                default -> s.insert(at, INSERTABLE.charAt(random.nextInt(INSERTABLE.length())));
            }
        }
        return s.toString();
    }

    /** Raw frame bytes no conforming client library would send: invalid UTF-8, bad opcodes, lengths, masks. */
    byte[] rawFrame() {
        return switch (random.nextInt(7)) {
            case 0 -> frame(0x81, pick(List.of(new byte[] {(byte) 0xC0, (byte) 0xAE}, new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0x80, 0x41}, new byte[] {(byte) 0xE6, (byte) 0xBC},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {'{', (byte) 0xF8, '}'})), true);
            case 1 -> frame(0x80 | (3 + random.nextInt(5)), new byte[] {1, 2, 3}, true); // reserved opcode
            case 2 -> frame(0xF1, "{}".getBytes(StandardCharsets.US_ASCII), true);       // reserved bits
            case 3 -> frame(0x81, "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII), false); // unmasked
            case 4 -> frame(0x89, new byte[200], true);                                  // oversized control frame
            case 5 -> frame(0x00, "orphan continuation".getBytes(StandardCharsets.US_ASCII), true);
            default -> new byte[] {(byte) 0x81, (byte) 0xFF, 0x7F, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3, 4}; // 2^63-1 long
        };
    }

    private byte[] frame(int first, byte[] payload, boolean masked) {
        int header = payload.length < 126 ? 2 : 4;
        byte[] out = new byte[header + (masked ? 4 : 0) + payload.length];
        out[0] = (byte) first;
        if (payload.length < 126) {
            out[1] = (byte) ((masked ? 0x80 : 0) | payload.length);
        } else {
            out[1] = (byte) ((masked ? 0x80 : 0) | 126);
            out[2] = (byte) (payload.length >> 8);
            out[3] = (byte) payload.length;
        }
        int at = header;
        byte[] mask = new byte[4];
        if (masked) {
            random.nextBytes(mask);
            System.arraycopy(mask, 0, out, at, 4);
            at += 4;
        }
        for (int i = 0; i < payload.length; i++) {
            out[at + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return out;
    }
}
