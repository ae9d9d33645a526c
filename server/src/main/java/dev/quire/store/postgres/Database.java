package dev.quire.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * The node's pool of connections to the shared database, and the schema migrations. Every connection works in the
 * configured schema and commits synchronously (the server's default, stated here so that a database configured
 * otherwise cannot make an acknowledged op less durable). Thread-safe.
 */
final class Database implements AutoCloseable {
    /** Where the migrations are, on the class path: PostgreSQL's own, beside SQLite's {@code db/migration}. */
    static final String MIGRATIONS = "classpath:db/postgresql";

    private final HikariDataSource pool;
    private final String schema;

    Database(PostgresSettings settings) {
        this.schema = settings.schema();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url().jdbcUrl());
        if (settings.url().user() != null) {
            config.setUsername(settings.url().user());
        }
        if (settings.url().password() != null) {
            config.setPassword(settings.url().password());
        }
        if (schema != null) {
            config.setSchema(schema);
        }
        config.setPoolName("quire-postgres");
        config.setMaximumPoolSize(settings.connections());
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        // Startup options, not an init statement: with auto-commit off that would leave a transaction open.
        // Every statement is planned with its parameters and the tables as they are now. The driver prepares a
        // statement on the server after five uses, and PostgreSQL then keeps one generic plan, made from the
        // statistics of that moment: a document's log looked empty then, and the (client, seq) look-up of every
        // append kept a plan that read the document's whole log (a hash join over it), its cost growing with the log
        // (docs/benchmarks.md, "Cluster mode: a plan made when the log was empty"). Planning each time costs tens of
        // microseconds per statement; a stale plan cost milliseconds per append.
        config.addDataSourceProperty("options", "-c synchronous_commit=on -c plan_cache_mode=force_custom_plan");
        // A missing database fails the start at once, not the first request.
        config.setInitializationFailTimeout(TimeUnit.SECONDS.toMillis(10));
        this.pool = new HikariDataSource(config);
    }

    /** Creates or upgrades the schema to the newest migration; a no-op when it is current. */
    void migrate() {
        var flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations(MIGRATIONS);
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
    }

    /** A connection of the pool, auto-commit off; closing it gives it back. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
