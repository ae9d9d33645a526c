package dev.quire.app;

import org.slf4j.event.Level;

import java.util.Locale;
import java.util.Objects;

/**
 * How Quire logs (docs/operations.md, "Logging"), applied by {@link Logging#configure(LogSettings)}.
 *
 * @param format text lines (default) or JSON lines
 * @param level  the least severe level written for Quire's own loggers and the root; libraries (Tyrus, Grizzly,
 *               Jersey, Flyway) stay at WARN whatever this says, as they are chatty below it
 */
public record LogSettings(LogFormat format, Level level) {

    public LogSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(level, "level");
    }

    /** Text lines at INFO. */
    public static LogSettings defaults() {
        return new LogSettings(LogFormat.TEXT, Level.INFO);
    }

    public LogSettings withFormat(LogFormat newFormat) {
        return new LogSettings(newFormat, level);
    }

    public LogSettings withLevel(Level newLevel) {
        return new LogSettings(format, newLevel);
    }

    /**
     * @param value {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}, any case
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Level parseLevel(String value) {
        String name = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (Level level : Level.values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("must be one of trace, debug, info, warn, error, got '" + value + "'");
    }
}
