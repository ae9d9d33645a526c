package dev.quire.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Process settings from the command line and the environment. Immutable.
 *
 * @param host interface to listen on ({@code --host}, {@code QUIRE_HOST}; default {@code 127.0.0.1})
 * @param port TCP port ({@code --port}, {@code QUIRE_PORT}; default 8080; 0 picks a free port)
 * @param data data directory ({@code --data}, {@code QUIRE_DATA}; default {@code ./data})
 * @param publicUrl the server's address as others reach it, for the URLs in webhook payloads ({@code --public-url},
 *                  {@code QUIRE_PUBLIC_URL}); null means the server's own {@code http://HOST:PORT}
 * @param webhooksAllowPrivate let webhook endpoints be loopback or private addresses ({@code
 *                  --webhooks-allow-private}, {@code QUIRE_WEBHOOKS_ALLOW_PRIVATE}; default false)
 */
public record ServerConfig(String host, int port, Path data, URI publicUrl, boolean webhooksAllowPrivate) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA = "./data";

    public static final String USAGE = """
            Usage: java -jar quire.jar [--host HOST] [--port PORT] [--data DIR] [--public-url URL]
                                       [--webhooks-allow-private[=true|false]]

              --host HOST   interface to listen on (env QUIRE_HOST, default 127.0.0.1)
              --port PORT   TCP port, 0 picks a free one (env QUIRE_PORT, default 8080)
              --data DIR    data directory (env QUIRE_DATA, default ./data)
              --public-url URL
                            the server's address as users and webhook receivers reach it, e.g. behind a
                            proxy (env QUIRE_PUBLIC_URL, default http://HOST:PORT)
              --webhooks-allow-private
                            allow webhook endpoints on loopback and private addresses, for local
                            integrations (env QUIRE_WEBHOOKS_ALLOW_PRIVATE, default false)
              --help        print this help and exit

            Flags win over environment variables. Once listening, prints one line:
              Quire listening on http://HOST:PORT/
            """;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(data, "data");
    }

    /** Default webhook settings: payload URLs on the server's own address, private targets refused. */
    public ServerConfig(String host, int port, Path data) {
        this(host, port, data, null, false);
    }

    /** The same with private webhook targets allowed or not (tests with a receiver on loopback). */
    public ServerConfig withWebhooksAllowPrivate(boolean allow) {
        return new ServerConfig(host, port, data, publicUrl, allow);
    }

    /** Thrown for an unusable setting; the message names it (e.g. {@code --port / QUIRE_PORT}). */
    public static final class InvalidSettingException extends Exception {
        public InvalidSettingException(String message) {
            super(message);
        }
    }

    /** What the command line asked for: either run with a config, or print the help. */
    public sealed interface Command permits Run, Help {
    }

    public record Run(ServerConfig config) implements Command {
    }

    public record Help() implements Command {
    }

    /**
     * Parses {@code args} ({@code --name value} or {@code --name=value}) over {@code env}; flags win.
     *
     * @throws InvalidSettingException for an unknown flag, a flag without value, or an invalid value
     */
    public static Command parse(List<String> args, Map<String, String> env) throws InvalidSettingException {
        String host = env.get("QUIRE_HOST");
        String port = env.get("QUIRE_PORT");
        String data = env.get("QUIRE_DATA");
        String hostSource = "QUIRE_HOST";
        String portSource = "QUIRE_PORT";
        String dataSource = "QUIRE_DATA";
        String publicUrl = env.get("QUIRE_PUBLIC_URL");
        String publicUrlSource = "QUIRE_PUBLIC_URL";
        String allowPrivate = env.get("QUIRE_WEBHOOKS_ALLOW_PRIVATE");
        String allowPrivateSource = "QUIRE_WEBHOOKS_ALLOW_PRIVATE";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Help();
            }
            int eq = arg.indexOf('=');
            String name = eq >= 0 ? arg.substring(0, eq) : arg;
            if (!List.of("--host", "--port", "--data", "--public-url", "--webhooks-allow-private").contains(name)) {
                throw new InvalidSettingException("unknown option: " + arg + " (try --help)");
            }
            String value;
            if (name.equals("--webhooks-allow-private") && eq < 0) {
                value = "true"; // a switch: its bare form turns it on and takes no value
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new InvalidSettingException(name + ": missing value");
            }
            switch (name) {
                case "--host" -> { host = value; hostSource = "--host"; }
                case "--port" -> { port = value; portSource = "--port"; }
                case "--public-url" -> { publicUrl = value; publicUrlSource = "--public-url"; }
                case "--webhooks-allow-private" -> { allowPrivate = value; allowPrivateSource = name; }
                default -> { data = value; dataSource = "--data"; }
            }
        }
        return new Run(new ServerConfig(
                parseHost(host, hostSource), parsePort(port, portSource), parseData(data, dataSource),
                parsePublicUrl(publicUrl, publicUrlSource), parseBoolean(allowPrivate, allowPrivateSource)));
    }

    private static URI parsePublicUrl(String value, String source) throws InvalidSettingException {
        if (value == null) {
            return null;
        }
        try {
            URI url = new URI(value.strip());
            boolean web = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
            if (web && url.getHost() != null && url.getRawQuery() == null && url.getRawFragment() == null
                    && url.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException ignored) {
            // fall through to the message below, which says what is expected
        }
        throw new InvalidSettingException(source + ": must be an http(s) URL with a host and no query, e.g."
                + " https://quire.example, got '" + value + "'");
    }

    private static boolean parseBoolean(String value, String source) throws InvalidSettingException {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(source + ": must be true or false, got '" + value + "'");
        };
    }

    private static String parseHost(String value, String source) throws InvalidSettingException {
        if (value == null) {
            return DEFAULT_HOST;
        }
        String host = value.strip();
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#')) {
            throw new InvalidSettingException(source + ": not a host name or IP address: '" + value + "'");
        }
        return host;
    }

    private static int parsePort(String value, String source) throws InvalidSettingException {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message below, which says what is expected
        }
        throw new InvalidSettingException(source + ": port must be a number from 0 to 65535, got '" + value + "'");
    }

    private static Path parseData(String value, String source) throws InvalidSettingException {
        String dir = value == null ? DEFAULT_DATA : value;
        if (dir.isBlank()) {
            throw new InvalidSettingException(source + ": data directory must not be empty");
        }
        try {
            return Path.of(dir);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(source + ": not a valid path: '" + dir + "'");
        }
    }
}
