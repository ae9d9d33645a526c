package dev.quire.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A schema of its own for one test on the test PostgreSQL server ({@code QUIRE_TEST_POSTGRES_URL}, default the local
 * one): created empty, migrated by the store that opens it, dropped with everything in it on {@link #close()}, so
 * tests never see each other's data.
 */
public final class FreshSchema implements AutoCloseable {
    /** The test server, as {@code --database} takes it. */
    public static final String URL = System.getenv().getOrDefault("QUIRE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String name;

    private FreshSchema(String name) {
        this.name = name;
    }

    /** Creates {@code t_<random>}. */
    public static FreshSchema create() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        run("CREATE SCHEMA " + name);
        return new FreshSchema(name);
    }

    public String name() {
        return name;
    }

    /** Settings of a store in this schema with a small pool (many tests run one after another). */
    public PostgresSettings settings() {
        return new PostgresSettings(PostgresUrl.parse(URL, null), name, 3, 1_000);
    }

    /** A connection of its own to the test server, outside any store (for set-up and checks); auto-commit on. */
    public static Connection connect() throws SQLException {
        PostgresUrl url = PostgresUrl.parse(URL, null);
        return DriverManager.getConnection(url.jdbcUrl()
                + (url.user() != null ? (url.jdbcUrl().contains("?") ? "&" : "?") + "user=" + url.user() : ""));
    }

    /** Runs one statement on the server, outside any store (for set-up and checks). */
    public static void run(String sql) {
        try (Connection c = connect();
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + PostgresUrl.mask(URL) + ": " + sql + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        run("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
