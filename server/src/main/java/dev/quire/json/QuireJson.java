package dev.quire.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON mapper for everything Quire writes about documents: WebSocket messages and stored ops and snapshots.
 *
 * <p>It writes every UTF-16 surrogate as a {@code \\uXXXX} escape. Document text is UTF-16 units, as in
 * JavaScript, and quill-delta lets an edit split a surrogate pair (delete one half of an emoji), so a document can
 * hold a lone surrogate. Written raw, such a string cannot become UTF-8: Tyrus fails the frame, the JDK's encoder
 * silently writes {@code ?} (a broadcast that differs from the document), SQLite stores {@code ?} (a document that
 * differs after a restart). Escaped, it is plain ASCII JSON that {@code JSON.parse} and Jackson read back to the
 * very same units. A surrogate pair costs 12 bytes instead of 4; other text is written as it is.
 */
public final class QuireJson {

    /**
     * What every parser of client JSON accepts - WebSocket frames and REST bodies alike, so both refuse the same
     * input: nesting 1,000 levels deep and numbers of 1,000 characters. No message of the protocol or the API comes
     * near either, and past them parsing (recursion, big-number arithmetic) costs more than the bytes that ask for
     * it. Strings and names are bounded by the message and body size limits.
     */
    public static final StreamReadConstraints READ_CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(1_000)
            .maxNumberLength(1_000)
            .build();

    private QuireJson() {
    }

    /** A new mapper with the surrogate escapes, {@link #READ_CONSTRAINTS} and {@link DeltaJsonModule}. */
    public static ObjectMapper newMapper() {
        JsonFactory factory = new JsonFactoryBuilder().streamReadConstraints(READ_CONSTRAINTS)
                .characterEscapes(new SurrogateEscapes()).build();
        return new ObjectMapper(factory).registerModule(new DeltaJsonModule());
    }

    /**
     * What was wrong with a client's JSON, for the client: Jackson's message without the name of the Java setting
     * that a limit comes from (e.g. {@code Document nesting depth (1001) exceeds the maximum allowed (1000)}).
     */
    public static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        return message == null ? "unreadable JSON" : message.replaceAll(", from `[^`]*`\\)", ")");
    }

    /** JSON's standard escapes, plus every surrogate as {@code \\uXXXX}. */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE
                    ? new SerializedString(String.format("\\u%04x", ch))
                    : null;
        }
    }
}
