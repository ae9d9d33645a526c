package dev.quire.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import org.glassfish.tyrus.core.l10n.LocalizationMessages;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes what clients cause in the libraries underneath (Grizzly, Tyrus, Jersey: loggers {@code org.glassfish.*})
 * as one line without a stack trace, on the same logger at the same level:
 *
 * <ul>
 *   <li>an I/O failure - a client that went away while data was still being written to it ("Connection closed",
 *       "Broken pipe", "Connection reset by peer"), typically a slow WebSocket client that disconnects;</li>
 *   <li>a WebSocket frame larger than the frame buffer, which Tyrus cuts off with 1011 ("Buffer overflow.");</li>
 *   <li>a malformed request whose protocol version Grizzly cannot parse: its 400 answer fails on it
 *       ("Unknown protocol") and the connection is closed.</li>
 * </ul>
 *
 * <p>These are outcomes of what a client does, not faults of the server, and a trace for each would let any client
 * fill the log; the one line still shows that it happened. Every other event passes unchanged. Installed by
 * {@code logback.xml}. Stateless and thread-safe.
 */
public final class ClientFaultLogFilter extends TurboFilter {

    /** How deep the cause chain is searched for the client's doing. */
    private static final int MAX_CAUSES = 8;

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable thrown) {
        if (thrown == null || level == null || !level.isGreaterOrEqual(Level.WARN)
                || !logger.getName().startsWith("org.glassfish.")
                || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        String fault = clientFault(thrown);
        if (fault == null) {
            return FilterReply.NEUTRAL;
        }
        String message = format == null ? "" : MessageFormatter.arrayFormat(format, params).getMessage();
        // Without a throwable this event passes this filter as NEUTRAL: no recursion.
        String line = fault + " (" + message + (message.isEmpty() ? "" : ": ") + thrown + ")";
        if (level.isGreaterOrEqual(Level.ERROR)) {
            logger.error(marker, line);
        } else {
            logger.warn(marker, line);
        }
        return FilterReply.DENY;
    }

    /** What the client did, if {@code thrown} or one of its causes is a client's doing; null otherwise. */
    static String clientFault(Throwable thrown) {
        Throwable t = thrown;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof IOException) {
                return "a client connection failed while in use, usually because the client went away";
            }
            if (t instanceof IllegalArgumentException
                    && LocalizationMessages.BUFFER_OVERFLOW().equals(t.getMessage())) {
                return "a WebSocket frame larger than the frame buffer was cut off; the connection is closed with 1011";
            }
            if (t instanceof IllegalStateException && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().equals("org.glassfish.grizzly.http.Protocol")) {
                return "a malformed request with an unknown protocol version could not be answered; the connection is"
                        + " closed";
            }
        }
        return null;
    }
}
