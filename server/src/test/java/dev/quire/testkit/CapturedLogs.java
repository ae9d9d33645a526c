package dev.quire.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Takes what some loggers log while a test runs instead of printing it, so that a failure a test causes on purpose
 * is asserted rather than shown: a green build prints no ERROR line and no stack trace. Closing gives the loggers
 * back as they were. Not for tests that run in parallel with others logging to the same loggers.
 *
 * <p>Either for one block ({@code try (CapturedLogs logs = CapturedLogs.of(...))}) or as an {@code @AutoClose}
 * field made empty, which a test that fails something on purpose points at its loggers with {@link #capture}.
 */
public final class CapturedLogs implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // The logging context and message are read later, on the test's thread: take them now.
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Boolean> additivity = new ArrayList<>();
    private final List<Appender<ILoggingEvent>> detachedFromRoot = new ArrayList<>();

    /** Captures nothing until told what with {@link #capture}. */
    public CapturedLogs() {
        appender.start();
    }

    /** Captures these loggers (and those below them) and keeps them off the console. */
    public static CapturedLogs of(Class<?>... classes) {
        CapturedLogs logs = new CapturedLogs();
        for (Class<?> type : classes) {
            logs.take((Logger) LoggerFactory.getLogger(type));
        }
        return logs;
    }

    /** Captures these loggers (and those below them) by name and keeps them off the console. */
    public static CapturedLogs of(String... names) {
        return new CapturedLogs().capture(names);
    }

    /** Captures these loggers (and those below them) by name too, and keeps them off the console. */
    public CapturedLogs capture(String... names) {
        for (String name : names) {
            take((Logger) LoggerFactory.getLogger(name));
        }
        return this;
    }

    /** Captures everything, every other appender of the root logger (the console) set aside meanwhile. */
    public static CapturedLogs all() {
        CapturedLogs logs = new CapturedLogs();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            logs.detachedFromRoot.add(it.next());
        }
        logs.detachedFromRoot.forEach(root::detachAppender);
        root.addAppender(logs.appender);
        logs.loggers.add(root);
        logs.additivity.add(root.isAdditive());
        return logs;
    }

    private void take(Logger logger) {
        loggers.add(logger);
        additivity.add(logger.isAdditive());
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    /** What was captured so far. */
    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Waits until an event at {@code level} whose message contains {@code text} was logged, and returns it. */
    public ILoggingEvent await(Level level, String text) {
        return await(e -> e.getLevel() == level && e.getFormattedMessage().contains(text),
                level + " containing \"" + text + "\"");
    }

    /** Waits until an event matching {@code which} was logged, and returns the first. */
    public ILoggingEvent await(Predicate<ILoggingEvent> which, String what) {
        Await.until(() -> events().stream().anyMatch(which), Duration.ofSeconds(10),
                () -> what + "; logged: " + describe(events()));
        return events().stream().filter(which).findFirst().orElseThrow();
    }

    /** One line per event: level, logger, message and the class of its throwable. */
    public static String describe(List<ILoggingEvent> events) {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent e : events) {
            text.append("\n  ").append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ")
                    .append(e.getFormattedMessage())
                    .append(e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + "]");
        }
        return text.toString();
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setAdditive(additivity.get(i));
        }
        if (!detachedFromRoot.isEmpty()) {
            Logger root = loggers.get(0);
            detachedFromRoot.forEach(root::addAppender);
        }
        loggers.clear();
        additivity.clear();
        detachedFromRoot.clear();
    }
}
