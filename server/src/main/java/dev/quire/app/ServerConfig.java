package dev.quire.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The value of every {@link Settings setting} for one run of the server. Immutable. Built by {@link ConfigLoader}
 * from flags, environment and config file, or in code (tests) from {@link #defaults()} and {@link #with}.
 */
public final class ServerConfig {

    private final Map<Setting<?>, Object> values;

    private ServerConfig(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            values.put(setting, setting.defaultValue());
        }
        return new ServerConfig(values);
    }

    /** Defaults but for where it listens and keeps its data (the usual test server). */
    public ServerConfig(String host, int port, Path data) {
        this(defaults().with(Settings.HOST, host).with(Settings.PORT, port).with(Settings.DATA, data).values);
    }

    /** The value of {@code setting}; null for an optional setting that is not set. */
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("not a setting of Settings.ALL: " + setting.name());
        }
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        return value;
    }

    /** A copy with {@code setting} set to {@code value} (null: unset). */
    public <T> ServerConfig with(Setting<T> setting, T value) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("not a setting of Settings.ALL: " + setting.name());
        }
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting, value);
        return new ServerConfig(copy);
    }

    public String host() {
        return get(Settings.HOST);
    }

    public int port() {
        return get(Settings.PORT);
    }

    public Path data() {
        return get(Settings.DATA);
    }

    /** Null means the server's own {@code http://HOST:PORT}. */
    public URI publicUrl() {
        return get(Settings.PUBLIC_URL);
    }

    public boolean webhooksAllowPrivate() {
        return get(Settings.WEBHOOKS_ALLOW_PRIVATE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Names and values, secrets masked: safe to log. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "ServerConfig{", "}");
        values.forEach((setting, value) -> s.add(setting.name() + "="
                + (setting.secret() && value != null ? "***" : value)));
        return s.toString();
    }

    /** Thrown for an unusable setting; the message names it and its source (e.g. {@code --port: ...}). */
    public static final class InvalidSettingException extends Exception {
        public InvalidSettingException(String message) {
            super(message);
        }
    }

    /** The loader's result: a value (possibly null) for every setting of {@link Settings#ALL}. */
    static ServerConfig of(Map<Setting<?>, Object> values) {
        for (Setting<?> setting : Settings.ALL) {
            if (!values.containsKey(setting)) {
                throw new IllegalArgumentException("missing " + setting.name());
            }
        }
        return new ServerConfig(new LinkedHashMap<>(values));
    }
}
