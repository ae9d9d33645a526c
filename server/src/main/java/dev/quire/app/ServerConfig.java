package dev.quire.app;

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
 */
public record ServerConfig(String host, int port, Path data) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA = "./data";

    public static final String USAGE = """
            Usage: java -jar quire.jar [--host HOST] [--port PORT] [--data DIR]

              --host HOST   interface to listen on (env QUIRE_HOST, default 127.0.0.1)
              --port PORT   TCP port, 0 picks a free one (env QUIRE_PORT, default 8080)
              --data DIR    data directory (env QUIRE_DATA, default ./data)
              --help        print this help and exit

            Flags win over environment variables. Once listening, prints one line:
              Quire listening on http://HOST:PORT/
            """;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(data, "data");
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
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Help();
            }
            int eq = arg.indexOf('=');
            String name = eq >= 0 ? arg.substring(0, eq) : arg;
            if (!name.equals("--host") && !name.equals("--port") && !name.equals("--data")) {
                throw new InvalidSettingException("unknown option: " + arg + " (try --help)");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new InvalidSettingException(name + ": missing value");
            }
            switch (name) {
                case "--host" -> { host = value; hostSource = "--host"; }
                case "--port" -> { port = value; portSource = "--port"; }
                default -> { data = value; dataSource = "--data"; }
            }
        }
        return new Run(new ServerConfig(
                parseHost(host, hostSource), parsePort(port, portSource), parseData(data, dataSource)));
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
