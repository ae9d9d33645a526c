package dev.quire.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import dev.quire.auth.AuthSettings;
import dev.quire.cluster.ClusterSettings;
import dev.quire.cluster.RedisUrl;
import dev.quire.collab.ByteLimits;
import dev.quire.collab.HubSettings;
import dev.quire.http.HttpHardening;
import dev.quire.metrics.MetricsSettings;
import dev.quire.server.ServerTuning;
import dev.quire.store.postgres.PostgresUrl;
import dev.quire.webhook.WebhookSettings;
import dev.quire.ws.WsLimits;
import dev.quire.ws.WsSettings;
import java.util.List;

/**
 * Every setting of the server, in one place: the command line, the environment, the config file, {@code --help}
 * and docs/configuration.md are all derived from this list (a test keeps the document in step).
 *
 * <p>To add a setting: declare it here with its default taken from the record that uses it, add it to {@link #ALL},
 * read it into that record in {@link ConfiguredSettings} with {@link ServerConfig#get}, and regenerate
 * docs/configuration.md (see that file).
 */
public final class Settings {

    private Settings() {
    }

    // A default is defined once, by the record that uses the value (so unit tests of a package run on the same
    // numbers as the server); the texts below are written from those records. SettingsDefaultsTest checks that the
    // configuration built from these defaults gives every record its defaults().
    private static final ServerTuning TUNING = ServerTuning.defaults();
    private static final OperationsSettings OPERATIONS = OperationsSettings.defaults();
    private static final HubSettings HUB = HubSettings.defaults();
    private static final ByteLimits BYTES = ByteLimits.defaults();
    private static final WebhookSettings WEBHOOKS = WebhookSettings.defaults();
    private static final AuthSettings AUTH = AuthSettings.defaults();
    private static final HttpHardening HTTP = HttpHardening.defaults();
    private static final SecurityLimits LIMITS = SecurityLimits.defaults();
    private static final WsSettings WS = WsSettings.defaults();
    private static final WsLimits WS_LIMITS = WsLimits.defaults();
    private static final LogSettings LOG = LogSettings.defaults();
    private static final ClusterSettings CLUSTER = ClusterSettings.defaults();

    // --- where and how it listens -----------------------------------------------------------------------------

    public static final Setting<String> HOST = Setting.of("host", "HOST", "127.0.0.1", SettingParsers::host,
            "Interface to listen on: an IP address or host name. 0.0.0.0 or :: listen on every interface.");

    public static final Setting<Integer> PORT = Setting.of("port", "PORT", "8080", SettingParsers::port,
            "TCP port for HTTP, WebSocket and the web client; 0 picks a free port.");

    public static final Setting<URI> PUBLIC_URL = Setting.of("public-url", "URL", null, SettingParsers::baseUrl,
            "The server's address as users and webhook receivers reach it, e.g. behind a reverse proxy; used in"
                    + " webhook payload URLs. Unset: http://HOST:PORT.");

    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.of("shutdown-timeout", "DURATION",
            DefaultTexts.duration(TUNING.shutdownTimeout()),
            SettingParsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "At stop (SIGTERM), the longest wait for requests in flight and WebSocket close handshakes.");

    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.of("drain-timeout", "DURATION",
            DefaultTexts.duration(OPERATIONS.drainTimeout()),
            SettingParsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "At stop, the longest wait for pending commits, pending autosaves, closing editors with 1001 and the"
                    + " snapshot of every open document.");

    public static final Setting<Duration> WEBHOOK_SHUTDOWN_GRACE = Setting.of("webhook-shutdown-grace", "DURATION",
            DefaultTexts.duration(OPERATIONS.webhookGrace()),
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofMinutes(10)),
            "At stop, the longest wait for webhook attempts in flight; unfinished ones stay pending and are due at"
                    + " once at the next start.");

    // --- storage ----------------------------------------------------------------------------------------------

    public static final Setting<Path> DATA = Setting.of("data", "DIR", "./data", SettingParsers::path,
            "Data directory: the SQLite database (quire.db) and its write-ahead log live here.");

    public static final Setting<PostgresUrl> DATABASE = Setting.of("database", "URL", null,
            text -> PostgresUrl.parse(text.strip(), null),
            "PostgreSQL database for cluster mode, postgresql://HOST:PORT/DB?user=USER (jdbc:postgresql://... too):"
                    + " several Quire nodes may share it. Unset: the embedded SQLite database in the data directory."
                    + " The password goes in the URL or in database-password; logs show it masked.");

    public static final Setting<String> DATABASE_PASSWORD = Setting.secret("database-password", "SECRET",
            text -> text, "Password for the --database user, when the URL has none. Prefer the environment or the"
                    + " config file to the command line.");

    public static final Setting<Path> BACKUP_DIR = Setting.of("backup-dir", "DIR", null, SettingParsers::path,
            "Where POST /api/admin/backups writes backups. Unset: the backups folder in the data directory.");

    // --- cluster mode (with --database; docs/cluster.md) ---------------------------------------------------------

    public static final Setting<RedisUrl> REDIS = Setting.of("redis", "URL", null, RedisUrl::parse,
            "Redis for the fan-out between the nodes of a cluster, redis://HOST:6379 (rediss:// for TLS; a password"
                    + " as redis://:PASSWORD@HOST, logs show it masked). Needs --database. A speed-up: without it"
                    + " nodes converge through PostgreSQL, and presence does not cross nodes.");

    public static final Setting<String> NODE_ID = Setting.of("node-id", "NAME", null, SettingParsers::nodeId,
            "This node's name in the cluster (letters, digits, '.', '_', '-'; up to 64), unique among the nodes."
                    + " Unset: a random one per start, logged.");

    public static final Setting<Duration> HEAD_CHECK_PERIOD = Setting.of("head-check-period", "DURATION",
            DefaultTexts.duration(CLUSTER.headCheckPeriod()),
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofMinutes(10)),
            "Cluster mode: how often a node reads the committed head of every open document, the latest moment it"
                    + " catches up with ops the fan-out lost.");

    public static final Setting<Duration> PRESENCE_TTL = Setting.of("presence-ttl", "DURATION",
            DefaultTexts.duration(CLUSTER.presenceTtl()),
            SettingParsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "Cluster mode with Redis: how long the participants of a node that died stay listed on other nodes.");

    // --- documents --------------------------------------------------------------------------------------------

    public static final Setting<Duration> AUTOSAVE_IDLE = Setting.of("autosave-idle", "DURATION",
            DefaultTexts.duration(HUB.autosaveIdle()),
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofHours(1)),
            "Autosave a document this long after its last edit.");

    public static final Setting<Duration> AUTOSAVE_MAX_WAIT = Setting.of("autosave-max-wait", "DURATION",
            DefaultTexts.duration(HUB.autosaveMaxWait()),
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofHours(24)),
            "Autosave at the latest this long after the first unsaved edit, even while editing goes on."
                    + " At least autosave-idle.");

    // --- webhooks ---------------------------------------------------------------------------------------------

    public static final Setting<Boolean> WEBHOOKS_ALLOW_PRIVATE = Setting.flag("webhooks-allow-private",
            WEBHOOKS.allowPrivateTargets(),
            "Allow webhook endpoints on loopback, private and link-local addresses (local integrations, tests)."
                    + " Off: such endpoints are refused (SSRF guard).");

    public static final Setting<Duration> WEBHOOK_LOG_RETENTION = Setting.of("webhook-log-retention", "DURATION",
            DefaultTexts.duration(WEBHOOKS.logRetention()),
            SettingParsers.duration(Duration.ofHours(1), Duration.ofDays(3650)),
            "How long finished webhook deliveries, their payloads and attempt logs are kept (GET"
                    + " /api/webhooks/{id}/deliveries, redelivery). Pending deliveries are kept whatever their age.");

    // --- who may do what (docs/security.md) --------------------------------------------------------------------

    public static final Setting<String> ADMIN_TOKEN = Setting.secret("admin-token", "SECRET", text -> {
        if (text.strip().length() < AuthSettings.MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("must be at least " + AuthSettings.MIN_ADMIN_TOKEN_LENGTH
                    + " characters (e.g. openssl rand -base64 32)");
        }
        return text.strip();
    }, "The admin secret: a bearer token with every right, used to create API tokens (POST /api/tokens)."
            + " Setting it turns authentication on. Prefer the environment or the config file to the command line.");

    public static final Setting<String> JWT_HMAC_SECRET = Setting.secret("jwt-hmac-secret", "SECRET", text -> {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < AuthSettings.MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("must be at least " + AuthSettings.MIN_HMAC_SECRET_BYTES + " bytes");
        }
        return text;
    }, "Secret for integration JWTs signed with HS256. Setting it turns authentication on.");

    public static final Setting<List<Path>> JWT_PUBLIC_KEY = Setting.of("jwt-public-key", "FILES", "",
            text -> SettingParsers.list(text).stream().map(SettingParsers::path).toList(),
            "PEM public-key files (comma-separated) for integration JWTs: RSA keys for RS256, Ed25519 keys for EdDSA."
                    + " Setting it turns authentication on.");

    public static final Setting<Path> JWT_JWKS_FILE = Setting.of("jwt-jwks-file", "FILE", null, SettingParsers::path,
            "A JWKS file of RSA and Ed25519 public keys for integration JWTs; a token's kid picks the key. Setting it"
                    + " turns authentication on.");

    public static final Setting<String> JWT_ISSUER = Setting.of("jwt-issuer", "ISSUER", null,
            SettingParsers::nonBlank, "The iss claim every integration JWT must carry (exactly). Unset: any issuer.");

    public static final Setting<String> JWT_AUDIENCE = Setting.of("jwt-audience", "AUDIENCE", null,
            SettingParsers::nonBlank, "A value every integration JWT's aud claim must contain. Unset: any audience.");

    public static final Setting<Duration> JWT_MAX_LIFETIME = Setting.of("jwt-max-lifetime", "DURATION",
            DefaultTexts.duration(AUTH.jwtRules().maxLifetime()),
            SettingParsers.duration(Duration.ofMinutes(1), Duration.ofDays(365)),
            "Longest validity of an integration JWT, from its iat (or now) to its exp; longer-lived ones are"
                    + " refused.");

    public static final Setting<Duration> JWT_CLOCK_SKEW = Setting.of("jwt-clock-skew", "DURATION",
            DefaultTexts.duration(AUTH.jwtRules().clockSkew()),
            SettingParsers.duration(Duration.ZERO, Duration.ofMinutes(5)),
            "Leeway for the exp and nbf of integration JWTs, for clocks that differ a little.");

    public static final Setting<Boolean> OPEN_ACCESS = Setting.flag("open-access", AUTH.openAccess(),
            "Allow listening on a non-loopback address with no authentication configured: anyone who reaches it"
                    + " may read, change and delete every document. Logged as a warning at every start.");

    // --- limits (docs/security.md) -------------------------------------------------------------------------------

    public static final Setting<List<String>> WS_ALLOWED_ORIGINS = Setting.of("ws-allowed-origins", "ORIGINS",
            String.join(",", HTTP.allowedOrigins()),
            text -> {
                List<String> origins = SettingParsers.list(text);
                return HttpHardening.checkAllowedOrigins(origins); // refuses what is not an origin, with the reason
            },
            "Origins (scheme://host[:port], comma-separated) whose pages may open WebSockets besides the server's own"
                    + " and public-url's; * allows any (cross-site WebSocket hijacking becomes possible).");

    public static final Setting<List<String>> ALLOWED_HOSTS = Setting.of("allowed-hosts", "HOSTS",
            String.join(",", HTTP.allowedHosts()),
            text -> HttpHardening.checkAllowedHosts(SettingParsers.list(text)),
            "Host names (comma-separated, no port) requests may name in Host besides localhost, loopback addresses,"
                    + " public-url's host and --host; listening beyond loopback, IP addresses are accepted too. Others"
                    + " get 421 (DNS rebinding). * allows any.");

    public static final Setting<String> FRAME_ANCESTORS = Setting.of("frame-ancestors", "SOURCES",
            HTTP.frameAncestors(),
            text -> HttpHardening.checkFrameAncestors(text.strip()),
            "Who may show Quire in a frame: the CSP frame-ancestors sources, e.g. 'none' or https://intranet.example.");

    public static final Setting<Integer> API_REQUESTS_PER_SECOND = Setting.of("api-requests-per-second", "N",
            DefaultTexts.whole(HTTP.apiRequestsPerSecond()),
            SettingParsers.intRange(1, 1_000_000), "REST requests per second per client (its address until its"
                    + " credential is verified, then its principal); more get 429 with Retry-After.");

    public static final Setting<Integer> API_REQUEST_BURST = Setting.of("api-request-burst", "N",
            DefaultTexts.whole(HTTP.apiRequestBurst()),
            SettingParsers.intRange(1, 1_000_000), "REST requests a client may make at once before the rate applies.");

    public static final Setting<Long> MAX_REQUEST_BODY = Setting.of("max-request-body", "SIZE",
            DefaultTexts.size(LIMITS.maxRequestBodyBytes()),
            SettingParsers.bytes(1024, 1L << 30), "Largest REST request body; larger ones get 413.");

    public static final Setting<Integer> MAX_DOCUMENT_LENGTH = Setting.of("max-document-length", "N",
            DefaultTexts.whole(LIMITS.maxDocumentLength()),
            SettingParsers.intRange(1_000, Integer.MAX_VALUE), "Longest document, in characters (UTF-16 units, an"
                    + " embed counts 1); an edit that would exceed it is refused (too_large).");

    public static final Setting<Long> WS_MAX_MESSAGE = Setting.of("ws-max-message", "SIZE",
            DefaultTexts.size(WS.maxMessageBytes()),
            SettingParsers.bytes(1024, 64L << 20), "Largest WebSocket message from a client; larger ones close the"
                    + " connection with 1009.");

    public static final Setting<Integer> WS_MESSAGES_PER_SECOND = Setting.of("ws-messages-per-second", "N",
            DefaultTexts.whole(WS_LIMITS.messagesPerSecond()),
            SettingParsers.intRange(1, 1_000_000), "Messages per second per WebSocket connection; more are refused"
                    + " (rate_limited).");

    public static final Setting<Integer> WS_MESSAGE_BURST = Setting.of("ws-message-burst", "N",
            DefaultTexts.whole(WS_LIMITS.messageBurst()),
            SettingParsers.intRange(1, 1_000_000), "Messages a connection may send at once before the rate applies.");

    public static final Setting<Integer> WS_MAX_RATE_LIMITED = Setting.of("ws-max-rate-limited", "N",
            DefaultTexts.whole(WS_LIMITS.maxRateLimited()),
            SettingParsers.intRange(1, 1_000_000), "Refusals for rate in a row after which a connection is closed"
                    + " (1008).");

    public static final Setting<Integer> WS_MAX_CONNECTIONS_PER_ADDRESS = Setting.of(
            "ws-max-connections-per-address", "N",
            DefaultTexts.whole(WS_LIMITS.maxConnectionsPerAddress()), SettingParsers.intRange(1, 1_000_000),
            "Open WebSocket connections per client address; more are closed with 1013 (try again later).");

    public static final Setting<Integer> WS_MAX_CONNECTIONS_PER_DOCUMENT = Setting.of(
            "ws-max-connections-per-document", "N",
            DefaultTexts.whole(WS_LIMITS.maxConnectionsPerDocument()), SettingParsers.intRange(1, 1_000_000),
            "Open WebSocket connections per document; more are closed with 1013.");

    public static final Setting<Duration> WS_HELLO_TIMEOUT = Setting.of("ws-hello-timeout", "DURATION",
            DefaultTexts.duration(WS_LIMITS.helloTimeout()),
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofMinutes(10)),
            "Time a new connection has to send a valid hello; then it is closed (4408).");

    public static final Setting<Long> WS_MAX_BYTES_BEFORE_HELLO = Setting.of("ws-max-bytes-before-hello", "SIZE",
            DefaultTexts.size(WS_LIMITS.maxBytesBeforeHello()), SettingParsers.bytes(1024, 64L << 20),
            "What a connection may send before its hello is accepted; more closes it (1009).");

    public static final Setting<Long> WRITE_BUDGET_PER_DOCUMENT = Setting.of("write-budget-per-document", "SIZE",
            DefaultTexts.size(BYTES.writePerDocument()),
            SettingParsers.bytes(64 * 1024, 1L << 40), "Bytes of edits (ops, estimated) one document may take"
                    + " per hour, all at once or spread out; more are refused (write_budget_exceeded, 429) with a retry"
                    + " time, and nothing is applied.");

    public static final Setting<Integer> STORE_QUEUE_MAX_OPS = Setting.of("store-queue-max-ops", "N", "50000",
            SettingParsers.intRange(1, 100_000_000), "Ops accepted and waiting to be written to disk, at most; while"
                    + " the queue is full, new ops are refused (server_busy, REST 503) with a retry time, and nothing"
                    + " is applied.");

    public static final Setting<Long> STORE_QUEUE_MAX_BYTES = Setting.of("store-queue-max-bytes", "SIZE", "256MiB",
            SettingParsers.bytes(1024, 1L << 40), "Bytes of ops (estimated) waiting to be written to disk, at most;"
                    + " refused likewise beyond it.");

    public static final Setting<Long> WRITE_BUDGET_PER_CREDENTIAL = Setting.of("write-budget-per-credential",
            "SIZE", DefaultTexts.size(BYTES.writePerWriter()),
            SettingParsers.bytes(64 * 1024, 1L << 40), "Bytes of edits and new documents one"
                    + " credential (API token, share link, JWT subject, admin) may write per hour across documents;"
                    + " more are refused likewise. Without authentication only the per-document budget applies.");

    // --- operations -------------------------------------------------------------------------------------------

    public static final Setting<LogFormat> LOG_FORMAT = Setting.of("log-format", "text|json",
            DefaultTexts.name(LOG.format()),
            LogFormat::parse, "Log lines on stderr: readable text, or JSON lines (one object per line) for log"
                    + " shippers. docs/operations.md.");

    public static final Setting<org.slf4j.event.Level> LOG_LEVEL = Setting.of("log-level", "LEVEL",
            DefaultTexts.name(LOG.level()),
            LogSettings::parseLevel, "trace, debug, info, warn or error, for Quire's own logs; the libraries it"
                    + " uses stay at warn.");

    public static final Setting<Boolean> METRICS = Setting.flag("metrics", MetricsSettings.defaults().enabled(),
            "Serve Prometheus metrics at /metrics (docs/operations.md); off: 404 and no meters are kept.");

    /** All settings, in the order of {@code --help} and docs/configuration.md. */
    public static final List<Setting<?>> ALL = List.of(
            HOST, PORT, PUBLIC_URL, SHUTDOWN_TIMEOUT, DRAIN_TIMEOUT, WEBHOOK_SHUTDOWN_GRACE,
            DATA, DATABASE, DATABASE_PASSWORD, BACKUP_DIR,
            REDIS, NODE_ID, HEAD_CHECK_PERIOD, PRESENCE_TTL,
            AUTOSAVE_IDLE, AUTOSAVE_MAX_WAIT,
            WEBHOOKS_ALLOW_PRIVATE, WEBHOOK_LOG_RETENTION,
            ADMIN_TOKEN, JWT_HMAC_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_FILE, OPEN_ACCESS,
            JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_LIFETIME, JWT_CLOCK_SKEW,
            ALLOWED_HOSTS,
            WS_ALLOWED_ORIGINS, FRAME_ANCESTORS, API_REQUESTS_PER_SECOND, API_REQUEST_BURST, MAX_REQUEST_BODY,
            MAX_DOCUMENT_LENGTH, WS_MAX_MESSAGE, WS_MESSAGES_PER_SECOND, WS_MESSAGE_BURST, WS_MAX_RATE_LIMITED,
            WS_MAX_CONNECTIONS_PER_ADDRESS, WS_MAX_CONNECTIONS_PER_DOCUMENT, WS_HELLO_TIMEOUT,
            WS_MAX_BYTES_BEFORE_HELLO, WRITE_BUDGET_PER_DOCUMENT, WRITE_BUDGET_PER_CREDENTIAL,
            STORE_QUEUE_MAX_OPS, STORE_QUEUE_MAX_BYTES,
            LOG_FORMAT, LOG_LEVEL, METRICS);

    /**
     * The config file itself: only a flag or the environment can name it (a file naming another file would be a
     * chain to follow). Not in {@link #ALL}.
     */
    public static final Setting<Path> CONFIG = Setting.of("config", "FILE", null, SettingParsers::path,
            "A config file in Java properties format (name = value, one setting per line, names as in this list)."
                    + " Flags win over environment variables, which win over the file.");
}
