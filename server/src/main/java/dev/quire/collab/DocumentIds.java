package dev.quire.collab;

import java.util.regex.Pattern;

/** What a document id may look like: URL-safe, 1 to 64 characters of letters, digits, '-' and '_'. */
public final class DocumentIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private DocumentIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
