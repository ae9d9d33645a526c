package dev.quire.store.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the PostgreSQL database is: {@code postgresql://[user[:password]@]host[:port]/db[?params]}, or the same
 * with {@code jdbc:} in front, as the {@code --database} setting takes it. The password may be in the URL (as
 * user info or a {@code password} parameter) or be given apart; it is kept out of {@link #jdbcUrl()} and {@link
 * #toString()}, so the URL can be logged.
 *
 * @param jdbcUrl  the driver's URL, without user info and without a password parameter
 * @param user     the user from the user info, or null (then a {@code user} parameter or the driver's default)
 * @param password the password, or null
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {
    private static final String JDBC = "jdbc:";
    private static final String SCHEME = "postgresql://";

    public PostgresUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** Whether {@code url} names a PostgreSQL database (rather than, say, a mistyped path). */
    public static boolean isPostgres(String url) {
        return url.startsWith(SCHEME) || url.startsWith(JDBC + SCHEME);
    }

    /**
     * Parses {@code url}; {@code password}, when not null, is used if the URL has none.
     *
     * @throws IllegalArgumentException if it is not a PostgreSQL URL with a host and a database (the message never
     *                                  holds the password)
     */
    public static PostgresUrl parse(String url, String password) {
        if (!isPostgres(url)) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://HOST:PORT/DB?user=...): "
                    + mask(url));
        }
        String rest = url.substring(url.indexOf(SCHEME) + SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String pathAndQuery = slash < 0 ? "" : rest.substring(slash);
        String user = null;
        String found = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            found = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String path = pathAndQuery;
        List<String> kept = new ArrayList<>();
        int question = pathAndQuery.indexOf('?');
        if (question >= 0) {
            path = pathAndQuery.substring(0, question);
            for (String parameter : pathAndQuery.substring(question + 1).split("&")) {
                if (parameter.startsWith("password=")) {
                    found = decode(parameter.substring("password=".length()));
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        if (authority.isEmpty() || path.length() < 2) {
            throw new IllegalArgumentException("a PostgreSQL URL names a host and a database"
                    + " (postgresql://HOST:PORT/DB?user=...): " + mask(url));
        }
        String jdbc = JDBC + SCHEME + authority + path + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new PostgresUrl(jdbc, user, found != null ? found : password);
    }

    /** This URL with {@code fallback} as its password if it has none (and {@code fallback} is not null). */
    public PostgresUrl orPassword(String fallback) {
        return password != null || fallback == null ? this : new PostgresUrl(jdbcUrl, user, fallback);
    }

    /**
     * The driver's URL with the user and password as parameters, for connections made outside the pool (the
     * cluster's LISTEN and NOTIFY connections). Holds the password: never for logs.
     */
    public String connectionUrl() {
        StringBuilder url = new StringBuilder(jdbcUrl);
        char separator = jdbcUrl.indexOf('?') < 0 ? '?' : '&';
        if (user != null) {
            url.append(separator).append("user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
            separator = '&';
        }
        if (password != null) {
            url.append(separator).append("password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    /** {@code url} with any password in it replaced by {@code ***}: for messages and logs. */
    public static String mask(String url) {
        String masked = url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        return masked.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@");
    }

    /** The URL without the password, and whether one is set. */
    @Override
    public String toString() {
        return jdbcUrl + (user != null ? " (user " + user + ")" : "") + (password != null ? " (password ***)" : "");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
