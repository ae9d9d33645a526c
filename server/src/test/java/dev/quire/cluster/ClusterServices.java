package dev.quire.cluster;

import java.util.UUID;

/** Where the cluster tests find Redis and PostgreSQL, and names no other test uses. */
final class ClusterServices {
    private ClusterServices() {
    }

    static String redisUrl() {
        String url = System.getenv("QUIRE_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }

    static String postgresUrl() {
        String url = System.getenv("QUIRE_TEST_POSTGRES_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    }

    /** A prefix for channels and keys of one test: {@code quire-test-<random>:}. */
    static String uniquePrefix() {
        return "quire-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** A PostgreSQL channel name of one test (an identifier: lower case letters, digits, underscores). */
    static String uniquePgChannel() {
        return "quire_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
