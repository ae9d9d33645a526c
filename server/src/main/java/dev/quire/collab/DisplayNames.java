package dev.quire.collab;

/**
 * Display names are shown to everyone in a document (cursor flags, the people list, saves, the op log), so a name is
 * cleaned before anyone sees it, whatever it came from (a hello, a JWT claim): C0 and C1 control characters and
 * unpaired surrogates are removed, line breaks and tabs become spaces, and the bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are removed, since an override in a name reorders the text shown
 * after it ("Ann‮txt.exe" read backwards) and pretends to be someone else. What is left is stripped; a name with
 * nothing left is {@value #ANONYMOUS}. Cleaning, not refusing: a client only announces itself, and refusing its hello
 * over a name would lock out a user who pasted one.
 */
final class DisplayNames {
    static final String ANONYMOUS = "Anonymous";

    private DisplayNames() {
    }

    /** {@code name} cleaned as the class describes; the empty name stays empty. Idempotent. */
    static String clean(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                out.append(c).append(name.charAt(++i));
            } else if (isBreak(c)) {
                out.append(' ');
            } else if (!isRemoved(c)) {
                out.append(c);
            }
        }
        String cleaned = out.toString().strip();
        return cleaned.isEmpty() && !name.isEmpty() ? ANONYMOUS : cleaned;
    }

    private static boolean isBreak(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028'
                || c == '\u2029';
    }

    private static boolean isRemoved(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)
                || c == '\u061C' || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
