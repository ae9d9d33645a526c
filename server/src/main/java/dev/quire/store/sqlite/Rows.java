package dev.quire.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.Delta;
import dev.quire.json.QuireJson;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.store.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How values are stored: deltas as quill-delta JSON (the same text the browser would send, so the
 * file is readable with any SQLite tool), instants as INTEGER microseconds since the epoch.
 * Stateless and thread-safe.
 */
final class Rows {
    /** Columns of {@link #op}, in its order. */
    static final String OP_COLUMNS = "version, client_id, client_seq, delta, author, committed_at";
    /** Columns of {@link #info}, in its order. */
    static final String INFO_COLUMNS = "id, title, version, created_at, updated_at";

    /** Columns of {@link #saved}, in its order (after document_id). */
    static final String SAVE_COLUMNS = "number, document_version, previous_version, title, save_trigger, saved_by,"
            + " saved_at, label";

    private static final ObjectMapper JSON = QuireJson.newMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private Rows() {
    }

    static String json(Delta delta) {
        try {
            return JSON.writeValueAsString(delta);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delta could not be written as JSON", e);
        }
    }

    static Delta delta(String json) {
        try {
            return JSON.readValue(json, Delta.class);
        } catch (JsonProcessingException e) {
            // The file holds only what we wrote: a delta that does not read back means damage.
            throw new StorageException("stored delta is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** A set of strings (scopes, event types, document ids) as a JSON array, sorted: the same set is the same text. */
    static String json(Set<String> values) {
        try {
            return JSON.writeValueAsString(new TreeSet<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    /**
     * The set {@link #json(Set)} wrote.
     *
     * @param what names the column in the error, should the file be damaged
     */
    static Set<String> strings(String json, String what) {
        try {
            return Set.copyOf(JSON.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new StorageException("stored " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Microseconds since the epoch; finer digits are dropped (PostgreSQL keeps the same precision). */
    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    static CommittedOp op(ResultSet row) throws SQLException {
        return new CommittedOp(row.getLong(1), row.getString(2), row.getLong(3), delta(row.getString(4)),
                row.getString(5), instant(row.getLong(6)));
    }

    static SavedVersion saved(String documentId, ResultSet row) throws SQLException {
        return new SavedVersion(documentId, row.getLong(1), row.getLong(2), row.getString(4),
                SaveTrigger.valueOf(row.getString(5).toUpperCase(java.util.Locale.ROOT)), row.getString(6),
                instant(row.getLong(7)), row.getString(8), row.getLong(3));
    }

    static DocumentInfo info(ResultSet row) throws SQLException {
        return new DocumentInfo(row.getString(1), row.getString(2), row.getLong(3), instant(row.getLong(4)),
                instant(row.getLong(5)));
    }
}
