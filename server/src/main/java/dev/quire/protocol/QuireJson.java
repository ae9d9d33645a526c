package dev.quire.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
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

    private QuireJson() {
    }

    /** A new mapper with the surrogate escapes and {@link DeltaJsonModule}. */
    public static ObjectMapper newMapper() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new SurrogateEscapes());
        return new ObjectMapper(factory).registerModule(new DeltaJsonModule());
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
