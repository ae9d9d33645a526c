/**
 * Cluster mode's fan-out between nodes (docs/cluster.md): committed ops published on Redis pub/sub
 * ({@link dev.quire.cluster.RedisOpFeed}) with PostgreSQL LISTEN/NOTIFY hints as the fallback
 * ({@link dev.quire.cluster.PgCommitHints}), their application in version order with gaps read from the store
 * ({@link dev.quire.cluster.InOrderOps}), the periodic head check ({@link dev.quire.cluster.HeadCheck}), presence
 * with a TTL ({@link dev.quire.cluster.RedisPresence}) and control events ({@link dev.quire.cluster.ControlEvents}).
 *
 * <p>PostgreSQL is the truth and Redis only a speed-up: every component here tolerates a lost, late or repeated
 * message. Knows nothing of the hub; the hub calls these components through their small interfaces.
 */
package dev.quire.cluster;
