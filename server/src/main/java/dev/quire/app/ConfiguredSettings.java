package dev.quire.app;

import dev.quire.api.ApiSettings;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.JwtRules;
import dev.quire.cluster.ClusterSettings;
import dev.quire.collab.ByteLimits;
import dev.quire.collab.HubSettings;
import dev.quire.http.HttpHardening;
import dev.quire.metrics.MetricsSettings;
import dev.quire.server.ServerTuning;
import dev.quire.store.postgres.PostgresSettings;
import dev.quire.store.postgres.PostgresUrl;
import dev.quire.webhook.WebhookSettings;
import dev.quire.ws.WsLimits;
import dev.quire.ws.WsSettings;

/**
 * The settings records of every package as a {@link ServerConfig} sets them: the one place where a setting meets
 * the record that uses it. A part no setting covers keeps the record's default. With {@link ServerConfig#defaults()}
 * each method returns its record's {@code defaults()} (SettingsDefaultsTest), since {@link Settings} writes its
 * defaults from those records.
 */
final class ConfiguredSettings {

    private ConfiguredSettings() {
    }

    /** Cluster mode's database with its password, or null for the embedded SQLite database in the data directory. */
    static PostgresSettings database(ServerConfig config) {
        PostgresUrl url = config.get(Settings.DATABASE);
        return url == null ? null : PostgresSettings.of(url.orPassword(config.get(Settings.DATABASE_PASSWORD)));
    }

    /** Cluster mode's timings (they matter only with --database). */
    static ClusterSettings cluster(ServerConfig config) {
        return ClusterSettings.defaults().withHeadCheckPeriod(config.get(Settings.HEAD_CHECK_PERIOD))
                .withPresenceTtl(config.get(Settings.PRESENCE_TTL));
    }

    /** The abuse limits (docs/security.md). */
    static SecurityLimits securityLimits(ServerConfig config) {
        WsLimits webSocket = WsLimits.defaults().toBuilder()
                .messagesPerSecond(config.get(Settings.WS_MESSAGES_PER_SECOND))
                .messageBurst(config.get(Settings.WS_MESSAGE_BURST))
                .maxRateLimited(config.get(Settings.WS_MAX_RATE_LIMITED))
                .maxConnectionsPerAddress(config.get(Settings.WS_MAX_CONNECTIONS_PER_ADDRESS))
                .maxConnectionsPerDocument(config.get(Settings.WS_MAX_CONNECTIONS_PER_DOCUMENT))
                .helloTimeout(config.get(Settings.WS_HELLO_TIMEOUT))
                .maxBytesBeforeHello(Math.toIntExact(config.get(Settings.WS_MAX_BYTES_BEFORE_HELLO)))
                .build();
        HttpHardening http = new HttpHardening(config.get(Settings.WS_ALLOWED_ORIGINS),
                config.get(Settings.FRAME_ANCESTORS), config.get(Settings.API_REQUESTS_PER_SECOND),
                config.get(Settings.API_REQUEST_BURST), config.get(Settings.ALLOWED_HOSTS));
        return new SecurityLimits(webSocket, http, config.get(Settings.MAX_DOCUMENT_LENGTH),
                Math.toIntExact(config.get(Settings.MAX_REQUEST_BODY)));
    }

    /** Authentication (docs/security.md). */
    static AuthSettings authSettings(ServerConfig config) {
        JwtRules jwt = new JwtRules(config.get(Settings.JWT_ISSUER), config.get(Settings.JWT_AUDIENCE),
                config.get(Settings.JWT_MAX_LIFETIME), config.get(Settings.JWT_CLOCK_SKEW));
        return new AuthSettings(config.get(Settings.ADMIN_TOKEN), config.get(Settings.JWT_HMAC_SECRET),
                config.get(Settings.JWT_PUBLIC_KEY), config.get(Settings.JWT_JWKS_FILE),
                config.get(Settings.OPEN_ACCESS), jwt);
    }

    /** WebSocket transport settings: the message size is a setting, the timings are not. */
    static WsSettings webSockets(ServerConfig config) {
        return WsSettings.defaults().toBuilder()
                .maxMessageBytes(Math.toIntExact(config.get(Settings.WS_MAX_MESSAGE)))
                .build();
    }

    /** The hubs' settings; the document length as {@code limits} say (tests may give limits of their own). */
    static HubSettings hubSettings(ServerConfig config, SecurityLimits limits) {
        ByteLimits bytes = ByteLimits.defaults();
        return HubSettings.defaults().toBuilder()
                .autosaveIdle(config.get(Settings.AUTOSAVE_IDLE))
                .autosaveMaxWait(config.get(Settings.AUTOSAVE_MAX_WAIT))
                .maxDocumentLength(limits.maxDocumentLength())
                .bytes(bytes.withWriteBudget(config.get(Settings.WRITE_BUDGET_PER_DOCUMENT),
                        config.get(Settings.WRITE_BUDGET_PER_CREDENTIAL), bytes.writeWindow()))
                .build();
    }

    /** Webhook {@code timings} (not settings) with what the config decides: private targets and log retention. */
    static WebhookSettings webhookSettings(ServerConfig config, WebhookSettings timings) {
        return timings.toBuilder()
                .allowPrivateTargets(config.get(Settings.WEBHOOKS_ALLOW_PRIVATE))
                .logRetention(config.get(Settings.WEBHOOK_LOG_RETENTION))
                .build();
    }

    /** The listener's; its frame buffer follows the WebSocket endpoint's message limit (one message-size setting). */
    static ServerTuning serverTuning(ServerConfig config, WsSettings webSockets) {
        return ServerTuning.defaults().withMaxMessageBytes(webSockets.maxMessageBytes())
                .withShutdownTimeout(config.get(Settings.SHUTDOWN_TIMEOUT));
    }

    /** The REST API's; the body size as {@code limits} say. */
    static ApiSettings apiSettings(SecurityLimits limits) {
        return ApiSettings.defaults().withMaxBodyBytes(limits.maxRequestBodyBytes());
    }

    static OperationsSettings operations(ServerConfig config) {
        return new OperationsSettings(config.get(Settings.DRAIN_TIMEOUT), config.get(Settings.WEBHOOK_SHUTDOWN_GRACE),
                config.get(Settings.BACKUP_DIR));
    }

    static MetricsSettings metrics(ServerConfig config) {
        return new MetricsSettings(config.get(Settings.METRICS));
    }

    static LogSettings logs(ServerConfig config) {
        return new LogSettings(config.get(Settings.LOG_FORMAT), config.get(Settings.LOG_LEVEL));
    }
}
