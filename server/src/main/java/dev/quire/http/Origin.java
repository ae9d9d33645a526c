package dev.quire.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as browsers send it in {@code Origin}: an http(s) scheme, a host and a port. Parsed strictly (no
 * path, query, fragment or user info) with the default port made explicit, so {@code https://a.example} and
 * {@code HTTPS://A.example:443} are equal. Immutable.
 */
record Origin(String scheme, HostName host, int port) {

    /** The origin of {@code value}, or empty for {@code null} (opaque origins), other schemes and garbage. */
    static Optional<Origin> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(value.strip());
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
        return HostName.parse(uri.getHost()).map(host -> new Origin(scheme, host, port));
    }

    /** The origin of a base URL such as {@code --public-url}. */
    static Optional<Origin> of(URI url) {
        return parse(url.getScheme() + "://" + url.getRawAuthority());
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
