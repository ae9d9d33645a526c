package dev.quire.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.Delta;
import dev.quire.json.QuireJson;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.store.StorageException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How values are stored: deltas as quill-delta JSON text, instants as timestamptz, sets of names as text[].
 * Stateless and thread-safe.
 */
final class Rows {
    static final String OP_COLUMNS = "version, client_id, client_seq, delta, author, committed_at";
    static final String INFO_COLUMNS = "id, title, version, created_at, updated_at";
    /** After document_id. */
    static final String SAVE_COLUMNS = "number, document_version, previous_version, title, save_trigger, saved_by,"
            + " saved_at, label";

    private static final ObjectMapper JSON = QuireJson.newMapper();

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
            throw new StorageException("stored delta is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Binds {@code at}, truncated to the microsecond: PostgreSQL would round the nanoseconds, and every Quire store
     * keeps the microseconds that the instant starts with.
     */
    static void setInstant(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    /** {@code at} as a timestamptz literal (ISO-8601, to the microsecond, as stored), for an array of instants. */
    static String timestamp(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).toString();
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** Binds a set of names as a text[], sorted: the same set is the same array. */
    static void setNames(PreparedStatement statement, int index, Collection<String> names) throws SQLException {
        statement.setArray(index, statement.getConnection().createArrayOf("text", new TreeSet<>(names).toArray()));
    }

    static Set<String> names(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        return Set.of((String[]) array.getArray());
    }

    static CommittedOp op(ResultSet row) throws SQLException {
        return new CommittedOp(row.getLong(1), row.getString(2), row.getLong(3), delta(row.getString(4)),
                row.getString(5), instant(row, 6));
    }

    static SavedVersion saved(String documentId, ResultSet row) throws SQLException {
        return new SavedVersion(documentId, row.getLong(1), row.getLong(2), row.getString(4),
                SaveTrigger.valueOf(row.getString(5).toUpperCase(Locale.ROOT)), row.getString(6),
                instant(row, 7), row.getString(8), row.getLong(3));
    }

    static DocumentInfo info(ResultSet row) throws SQLException {
        return new DocumentInfo(row.getString(1), row.getString(2), row.getLong(3), instant(row, 4), instant(row, 5));
    }
}
