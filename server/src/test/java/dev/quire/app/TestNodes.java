package dev.quire.app;

import dev.quire.auth.AuthSettings;
import dev.quire.cluster.RedisUrl;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.store.postgres.PostgresUrl;
import dev.quire.testkit.TestServer;
import java.time.Duration;

/** Cluster nodes for tests in one JVM: each a whole server on the test PostgreSQL, in a schema of the test's own. */
final class TestNodes {
    /** The test Redis ({@code QUIRE_TEST_REDIS_URL}, default the local one). */
    static final String REDIS = System.getenv().getOrDefault("QUIRE_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestNodes() {
    }

    /** A node named {@code nodeId} on {@code schema}, with Redis at {@code redis} (null: without Redis). */
    static TestServer start(FreshSchema schema, String nodeId, String redis, AuthSettings auth) {
        String url = FreshSchema.URL + (FreshSchema.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema.name();
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.DATABASE, PostgresUrl.parse(url, null))
                .with(Settings.NODE_ID, nodeId)
                // The shortest: a dead node's participants are forgotten within a second or so.
                .with(Settings.PRESENCE_TTL, Duration.ofSeconds(1))
                .with(Settings.REDIS, redis == null ? null : RedisUrl.parse(redis));
        return TestServer.start(config, SecurityLimits.defaults(), auth);
    }
}
