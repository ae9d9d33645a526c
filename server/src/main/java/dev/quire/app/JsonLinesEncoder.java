package dev.quire.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Writes each log event as one JSON object on one line (JSON Lines), fields in this order:
 * {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code thread}, {@code message}, then the logging
 * context ({@code conn}, {@code doc}, {@code req}, ...) as top-level strings, then {@code exception} (the stack trace
 * as one string) if there is one. Newlines inside values are escaped, so one event is always one line.
 *
 * <p>Our own encoder rather than Logback's {@code JsonEncoder}: that one nests the context, repeats every argument
 * and the logger context's properties, and names fields in its own way; shippers want flat, short objects.
 * Thread-safe (Logback calls it under the appender's lock; it keeps no state between events).
 */
public final class JsonLinesEncoder extends EncoderBase<ILoggingEvent> {

    private static final Set<String> FIXED = Set.of("time", "level", "logger", "thread", "message", "exception");
    private static final byte[] NONE = new byte[0];

    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator line = json.createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            line.writeStringField("level", event.getLevel().toString());
            line.writeStringField("logger", event.getLoggerName());
            line.writeStringField("thread", event.getThreadName());
            line.writeStringField("message", event.getFormattedMessage());
            Map<String, String> context = event.getMDCPropertyMap();
            if (context != null) {
                for (Map.Entry<String, String> entry : context.entrySet()) {
                    // A context key may not overwrite a fixed field; it keeps its value under another name.
                    String key = FIXED.contains(entry.getKey()) ? "mdc." + entry.getKey() : entry.getKey();
                    line.writeStringField(key, entry.getValue());
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
