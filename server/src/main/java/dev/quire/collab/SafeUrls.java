package dev.quire.collab;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which URLs may appear in a document's images ({@link ContentPolicy}) and in HTML the API produces or
 * imports. An allow-list of schemes, because a deny-list of dangerous ones ({@code javascript:},
 * {@code vbscript:}, {@code data:text/html}, ...) is never complete. Relative URLs have no scheme and
 * are allowed.
 */
public final class SafeUrls {
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
    private static final Set<String> IMAGE_SCHEMES = Set.of("http", "https");
    /** Raster images only: an SVG could carry script when opened on its own. */
    private static final Pattern DATA_IMAGE = Pattern.compile("data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    private SafeUrls() {
    }

    public static boolean isSafeLink(String url) {
        String scheme = scheme(url);
        return scheme != null && (scheme.isEmpty() || LINK_SCHEMES.contains(scheme));
    }

    public static boolean isSafeImage(String url) {
        String scheme = scheme(url);
        if (scheme == null) {
            return false;
        }
        if (scheme.equals("data")) {
            return DATA_IMAGE.matcher(url.strip()).matches();
        }
        return scheme.isEmpty() || IMAGE_SCHEMES.contains(scheme);
    }

    /**
     * The URL's scheme in lower case, "" for a relative URL, or null when it cannot be told. Browsers
     * ignore ASCII tabs and newlines anywhere in a URL and leading control characters and spaces
     * ({@code "java\tscript:"} runs script), so those are removed before looking.
     */
    private static String scheme(String url) {
        if (url == null) {
            return null;
        }
        StringBuilder cleaned = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c > 0x20 && c != 0x7f) {
                cleaned.append(c);
            }
        }
        String u = cleaned.toString();
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c == ':') {
                String scheme = u.substring(0, i).toLowerCase(Locale.ROOT);
                return SCHEME.matcher(scheme).matches() ? scheme : null;
            }
            if (c == '/' || c == '?' || c == '#') {
                return "";
            }
        }
        return "";
    }
}
