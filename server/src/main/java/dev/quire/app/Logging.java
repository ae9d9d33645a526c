package dev.quire.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Process-wide logging set-up: JUL bridged into SLF4J, and the format and level of Logback's stderr appender
 * (defined in {@code logback.xml}, which is all a start without {@link #configure} uses). Both methods are
 * idempotent and thread-safe; call them once at start, before the application is built.
 */
public final class Logging {

    /** The loggers that follow the configured level: Quire's own. */
    static final String QUIRE_LOGGERS = "dev.quire";

    /** The stderr appender of {@code logback.xml}. */
    static final String APPENDER = "STDERR";

    /**
     * The text format: one line per event, the logging context ({@code conn=…, doc=…, req=…}) in brackets when
     * there is one. Keep in step with {@code logback.xml}, which uses it before {@link #configure} runs.
     */
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}%replace( [%mdc]){' \\[\\]', ''} - %msg%n";

    private Logging() {
    }

    /**
     * Routes {@code java.util.logging} - used by Tyrus, Grizzly and Jersey - into SLF4J/Logback, so every
     * library logs one line per event to stderr in the same format.
     */
    public static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /**
     * Routes JUL (as {@link #routeJulToSlf4j()}) and applies {@code settings} to Logback: the stderr appender's
     * encoder becomes the text pattern or {@link JsonLinesEncoder}, and the {@code dev.quire} loggers take the level.
     * Everything else - the root, so also libraries nobody named, such as the SQLite driver (which traces every
     * statement) and the JDK's HTTP and TLS code - stays at {@code WARN}, or goes to {@code ERROR} with the level.
     * Does nothing to the format if SLF4J is not bound to Logback or {@code logback.xml} was replaced by one without
     * the {@value #APPENDER} appender (whoever did that chose their own format).
     */
    public static synchronized void configure(LogSettings settings) {
        routeJulToSlf4j();
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Level level = Level.toLevel(settings.level().name());
        Level libraries = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(libraries);
        context.getLogger(QUIRE_LOGGERS).setLevel(level);
        // Lettuce logs every failed reconnect; a Redis outage is logged once, at its start and end, by cluster.Outage.
        context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").setLevel(Level.ERROR);
        Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stderr) {
            Encoder<ILoggingEvent> encoder = encoder(settings.format(), context);
            encoder.start();
            stderr.stop();
            stderr.setEncoder(encoder);
            stderr.start();
        }
    }

    private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
        return switch (format) {
            case JSON -> {
                JsonLinesEncoder json = new JsonLinesEncoder();
                json.setContext(context);
                yield json;
            }
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setContext(context);
                text.setPattern(TEXT_PATTERN);
                yield text;
            }
        };
    }
}
