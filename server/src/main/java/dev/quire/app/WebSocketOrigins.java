package dev.quire.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code Origin}s may open a WebSocket: the defence against cross-site WebSocket hijacking, where a page on
 * another site opens a socket to Quire with the visitor's cookies or network position. Browsers always send
 * {@code Origin} on WebSocket handshakes and pages cannot forge it; non-browser clients usually send none and are
 * allowed (they could send any value anyway).
 *
 * <p>Allowed: no {@code Origin}; the server's own origin, i.e. an http(s) origin whose host and port are those of
 * the request's {@code Host}; the public URL's origin; every configured origin; anything if {@code *} is
 * configured. Origins compare by scheme, host (case-insensitive) and port (default ports made explicit), so
 * {@code https://a.example} and {@code https://A.example:443} are the same. Immutable, thread-safe.
 */
final class WebSocketOrigins {
    private final boolean any;
    private final Set<String> allowed;

    /**
     * @param configured origins such as {@code https://app.example.com}, or {@code *}
     * @param publicUrl  the server's public address, or null
     * @throws IllegalArgumentException for a configured value that is not an http(s) origin or {@code *}
     */
    WebSocketOrigins(List<String> configured, URI publicUrl) {
        boolean star = false;
        Set<String> origins = new LinkedHashSet<>();
        for (String value : configured) {
            if (value.strip().equals("*")) {
                star = true;
                continue;
            }
            origins.add(normalise(value).orElseThrow(() -> new IllegalArgumentException(
                    "not an origin (scheme://host[:port]) or *: '" + value + "'")));
        }
        if (publicUrl != null) {
            normalise(publicUrl.getScheme() + "://" + publicUrl.getRawAuthority()).ifPresent(origins::add);
        }
        this.any = star;
        this.allowed = Set.copyOf(origins);
    }

    /** Whether a handshake with this {@code Origin} (null if absent) and {@code Host} header may proceed. */
    boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        Optional<String> normal = normalise(origin);
        if (normal.isEmpty()) {
            return false; // "null" (sandboxed frames, file: pages) and garbage
        }
        return allowed.contains(normal.get()) || isSameAsHost(normal.get(), host);
    }

    private static boolean isSameAsHost(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String scheme = origin.substring(0, origin.indexOf(':'));
        Optional<String> own = normalise(scheme + "://" + host.strip());
        return own.isPresent() && own.get().equals(origin);
    }

    /** {@code scheme://host:port} in lower case with the port explicit, or empty if not an http(s) origin. */
    static Optional<String> normalise(String origin) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        String path = uri.getRawPath();
        if (defaultPort < 0 || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (path != null && !path.isEmpty() && !path.equals("/"))) {
            return Optional.empty();
        }
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    }
}
