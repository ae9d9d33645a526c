package dev.quire.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import java.io.IOException;

/**
 * Jackson module for the JSON form of {@link Delta}, {@link Op} and {@link AttributeMap}, exactly
 * as quill-delta writes it ({@code JSON.stringify(delta)}):
 *
 * <pre>{"ops":[{"insert":"a","attributes":{"bold":true}},{"retain":3},{"delete":1},
 *        {"insert":{"image":"x.png"}},{"retain":{"table":{…}},"attributes":{…}}]}</pre>
 *
 * <p>Writing: {@code attributes} is omitted when empty; attribute and embed values are written as
 * the JSON values they hold (JSON {@code null} included).
 *
 * <p>Reading is strict, because deltas come from untrusted clients: every op needs exactly one of
 * {@code insert}, {@code retain}, {@code delete}; lengths are positive integers and the whole
 * delta's length fits an {@code int}; inserted text is non-empty; {@code attributes} is an object and a delete has none;
 * unknown or repeated keys are refused. Each refusal is a Jackson
 * {@link com.fasterxml.jackson.databind.exc.MismatchedInputException} whose
 * {@code getOriginalMessage()} names the place, e.g. {@code ops[2]: "retain" must be a positive
 * integer, got -1}. Numbers in attribute and embed values become {@code Long} or {@code Double}
 * ({@link dev.quire.ot.JsonValues}). An empty {@code attributes} object is the same as none.
 *
 * <p>A delta that is well-formed but not in quill-delta's normal form (two neighbouring retains,
 * a delete before an insert, …) is accepted and normalised by pushing its ops one by one
 * ({@link Delta#of}), as quill-delta's {@code ops.reduce((d, op) => d.push(op), new Delta())}
 * would. Pushing never changes a delta's effect on a document, and the OT algebra is only
 * specified (and only agrees with quill-delta) on normalised input. A trailing retain is kept.
 *
 * <p>Thread-safe and stateless; register once per {@code ObjectMapper}.
 */
public final class DeltaJsonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public DeltaJsonModule() {
        super("QuireDelta", Version.unknownVersion());
        addSerializer(Delta.class, new StdSerializer<>(Delta.class) {
            @Override
            public void serialize(Delta value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                DeltaJsonWriter.writeDelta(value, gen);
            }
        });
        addSerializer(Op.class, new StdSerializer<>(Op.class) {
            @Override
            public void serialize(Op value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                DeltaJsonWriter.writeOp(value, gen);
            }
        });
        addSerializer(AttributeMap.class, new StdSerializer<>(AttributeMap.class) {
            @Override
            public void serialize(AttributeMap value, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                DeltaJsonWriter.writeValue(value.asMap(), gen);
            }
        });
        addDeserializer(Delta.class, new StdDeserializer<>(Delta.class) {
            @Override
            public Delta deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return new DeltaJsonReader(p).readDelta();
            }
        });
        addDeserializer(Op.class, new StdDeserializer<>(Op.class) {
            @Override
            public Op deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return new DeltaJsonReader(p).readOp("op");
            }
        });
        addDeserializer(AttributeMap.class, new StdDeserializer<>(AttributeMap.class) {
            @Override
            public AttributeMap deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return new DeltaJsonReader(p).readAttributes("attributes");
            }
        });
    }
}
