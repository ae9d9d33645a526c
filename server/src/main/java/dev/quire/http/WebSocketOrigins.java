package dev.quire.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code Origin}s may open a WebSocket: the defence against cross-site WebSocket hijacking, where a page on
 * another site opens a socket to Quire with the visitor's cookies or network position. Browsers always send
 * {@code Origin} on WebSocket handshakes and pages cannot forge it; non-browser clients usually send none and are
 * allowed (they could send any value anyway).
 *
 * <p>Allowed: no {@code Origin}; the server's own origins ({@link ServerNames#isOwnOrigin}: the public URL's, and
 * its allowed hosts - loopback ones included - on its own port); every configured origin; anything if {@code *} is
 * configured. The request's {@code Host} plays no part: under DNS rebinding it is the attacker's name, and it would
 * make the attacker's page look like Quire's own. Origins compare by scheme, host (case-insensitive) and port
 * (default ports made explicit). Immutable, thread-safe.
 */
final class WebSocketOrigins {
    private final boolean any;
    private final Set<Origin> allowed;
    private final ServerNames own;

    /**
     * @param configured origins such as {@code https://app.example.com}, or {@code *}
     * @param own        the server's names, which give its own origins
     * @throws IllegalArgumentException for a configured value that is not an http(s) origin or {@code *}
     */
    WebSocketOrigins(List<String> configured, ServerNames own) {
        boolean star = false;
        Set<Origin> origins = new LinkedHashSet<>();
        for (String value : configured) {
            if (value.strip().equals("*")) {
                star = true;
            } else {
                origins.add(checkOrigin(value));
            }
        }
        this.any = star;
        this.allowed = Set.copyOf(origins);
        this.own = own;
    }

    /**
     * Checks the values of {@code --ws-allowed-origins}.
     *
     * @return {@code configured}
     * @throws IllegalArgumentException naming the first value that is neither an http(s) origin nor {@code *}
     */
    static List<String> checkOrigins(List<String> configured) {
        for (String value : configured) {
            if (!value.strip().equals("*")) {
                checkOrigin(value);
            }
        }
        return configured;
    }

    private static Origin checkOrigin(String value) {
        return Origin.parse(value).orElseThrow(() -> new IllegalArgumentException(
                "not an origin (scheme://host[:port]) or *: '" + value + "'"));
    }

    /** Whether a handshake with this {@code Origin} (null if absent) may proceed. */
    boolean allows(String origin) {
        if (origin == null || any) {
            return true;
        }
        Optional<Origin> parsed = Origin.parse(origin);
        if (parsed.isEmpty()) {
            return false; // "null" (sandboxed frames, file: pages) and garbage
        }
        return allowed.contains(parsed.get()) || own.isOwnOrigin(parsed.get());
    }
}
