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
    private final HikariDataSource writerPool;
    private final String schema;

    Database(PostgresSettings settings) {
        this.schema = settings.schema();
        // Every statement is planned with its parameters and the tables as they are now. The driver prepares a
        // statement on the server after five uses, and PostgreSQL then keeps one generic plan, made from the
        // statistics of that moment: a document's log looked empty then, and the (client, seq) look-up of every
        // append kept a plan that read the document's whole log (a hash join over it), its cost growing with the log
        // (docs/benchmarks.md, "Cluster mode: a plan made when the log was empty"). Planning each time costs tens of
        // microseconds per statement; a stale plan cost milliseconds per append.
        this.pool = pool(settings, "quire-postgres", settings.connections(), "plan_cache_mode=force_custom_plan");
        // The writer's statements are few, run for every append and written so that any plan of theirs probes the
        // indexes whatever the statistics were when it was made (PostgresPlansTest holds them to it under a generic
        // plan made on empty tables): they keep PostgreSQL's default, a generic plan once it is as good. Planned each
        // time, they spent a quarter of PostgreSQL's CPU in the planner, while the document's row was locked.
        this.writerPool = pool(settings, "quire-postgres-writer", 1, "plan_cache_mode=auto");
    }

    private HikariDataSource pool(PostgresSettings settings, String name, int size, String planCacheMode) {
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
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        // Startup options, not an init statement: with auto-commit off that would leave a transaction open.
        config.addDataSourceProperty("options", "-c synchronous_commit=on -c " + planCacheMode);
        // A missing database fails the start at once, not the first request.
        config.setInitializationFailTimeout(TimeUnit.SECONDS.toMillis(10));
        return new HikariDataSource(config);
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

    /** The group commit writer's connection (see the constructor for why it has a pool of its own). */
    Connection writerConnection() throws SQLException {
        return writerPool.getConnection();
    }

    @Override
    public void close() {
        writerPool.close();
        pool.close();
    }
}
