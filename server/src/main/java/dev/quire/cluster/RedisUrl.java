package dev.quire.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The {@code --redis} setting: {@code redis://[user:password@]host[:port][/db]} or {@code rediss://} for TLS. A
 * password may only come in the URL (given by flag, environment or config file); {@link #toString()} masks it, so
 * the value can be logged.
 *
 * @param uri the URL as given, credentials included: for {@link RedisLink} only
 */
public record RedisUrl(String uri) {
    public RedisUrl {
        Objects.requireNonNull(uri, "uri");
    }

    /** @throws IllegalArgumentException naming what is wrong, without echoing a password */
    public static RedisUrl parse(String text) {
        String trimmed = text.strip();
        URI parsed;
        try {
            parsed = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be a URL like redis://HOST:6379, got '" + mask(trimmed) + "'");
        }
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("must start with redis:// or rediss://, got '" + mask(trimmed) + "'");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("needs a host, as in redis://HOST:6379, got '" + mask(trimmed) + "'");
        }
        return new RedisUrl(trimmed);
    }

    @Override
    public String toString() {
        return mask(uri);
    }

    /** {@code uri} with the user info's password replaced by {@code ***}. */
    static String mask(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String userInfo = uri.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return uri.substring(0, scheme + 3) + (user.isEmpty() ? "" : user + ":") + "***" + uri.substring(at);
    }
}
