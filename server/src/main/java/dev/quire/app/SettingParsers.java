package dev.quire.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsers settings share. Each throws {@link IllegalArgumentException} with a message saying what is expected
 * and quoting what was given; the caller prefixes the source ({@code --port: ...}).
 */
public final class SettingParsers {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private SettingParsers() {
    }

    public static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        };
    }

    public static String host(String text) {
        String host = text.strip();
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#')) {
            throw new IllegalArgumentException("not a host name or IP address: '" + text + "'");
        }
        return host;
    }

    public static int port(String text) {
        return intIn(text, 0, 65535, "port must be a number from 0 to 65535");
    }

    /** A parser for whole numbers in {@code [min, max]}. */
    public static Setting.Parser<Integer> intRange(int min, int max) {
        return text -> intIn(text, min, max, "must be a whole number from " + min + " to " + max);
    }

    private static int intIn(String text, int min, int max, String expected) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message below, which says what is expected
        }
        throw new IllegalArgumentException(expected + ", got '" + text + "'");
    }

    /** A byte size: a number with an optional unit {@code KiB}, {@code MiB} or {@code GiB}, within bounds. */
    public static Setting.Parser<Long> bytes(long min, long max) {
        return text -> {
            Matcher m = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?").matcher(text.strip());
            if (m.matches()) {
                long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                    case "KiB" -> 1L << 10;
                    case "MiB" -> 1L << 20;
                    case "GiB" -> 1L << 30;
                    default -> 1;
                };
                long value = Long.parseLong(m.group(1)) * unit;
                if (value >= min && value <= max) {
                    return value;
                }
            }
            throw new IllegalArgumentException("must be a size from " + min + " to " + max + " bytes (e.g. 512KiB,"
                    + " 1MiB), got '" + text + "'");
        };
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d}, within bounds. */
    public static Setting.Parser<Duration> duration(Duration min, Duration max) {
        return text -> {
            Matcher m = DURATION.matcher(text.strip());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                    return d;
                }
            }
            throw new IllegalArgumentException("must be a duration from " + text(min) + " to " + text(max)
                    + " (a number with ms, s, m, h or d), got '" + text + "'");
        };
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }

    public static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: '" + text + "'");
        }
    }

    /** An http(s) URL with a host and no query, fragment or user info (a base address). */
    public static URI baseUrl(String text) {
        try {
            URI url = new URI(text.strip());
            boolean web = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
            if (web && url.getHost() != null && url.getRawQuery() == null && url.getRawFragment() == null
                    && url.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException ignored) {
            // fall through to the message below, which says what is expected
        }
        throw new IllegalArgumentException("must be an http(s) URL with a host and no query, e.g."
                + " https://quire.example, got '" + text + "'");
    }

    /** Comma-separated, blanks around items dropped, empty items refused; empty text is the empty list. */
    public static List<String> list(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        List<String> items = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        if (items.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("must be a comma-separated list without empty items, got '"
                    + text + "'");
        }
        return items;
    }

    /** Any non-blank text (kept as given, without surrounding blanks). */
    public static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text.strip();
    }

    /** A node's name: what its logs, metrics and the other nodes see. */
    public static String nodeId(String text) {
        String name = text.strip();
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        return name;
    }
}
