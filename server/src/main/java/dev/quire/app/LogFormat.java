package dev.quire.app;

import java.util.Locale;

/** How log events are written to stderr. */
public enum LogFormat {
    /** One readable line per event: time, level, thread, logger, logging context, message. */
    TEXT,
    /** One JSON object per line (JSON Lines), for log shippers: see {@link JsonLinesEncoder}. */
    JSON;

    /**
     * @param value {@code text} or {@code json}, any case
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LogFormat parse(String value) {
        String name = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("must be text or json, got '" + value + "'");
        };
    }
}
