package dev.quire.ws;

/** UTF-8 lengths of text, counted without encoding it (limits are in bytes, messages arrive as strings). */
final class Utf8 {
    private Utf8() {
    }

    /** Whether {@code text} takes more than {@code limit} bytes in UTF-8. */
    static boolean lengthExceeds(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return false; // no UTF-16 unit takes more than 3 bytes in UTF-8
        }
        return length(text) > limit;
    }

    /** Bytes of {@code text} in UTF-8 (a surrogate counts 2: a pair takes 4). */
    static long length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
