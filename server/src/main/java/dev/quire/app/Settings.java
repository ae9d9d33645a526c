package dev.quire.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the server, in one place: the command line, the environment, the config file, {@code --help}
 * and docs/configuration.md are all derived from this list (a test keeps the document in step).
 *
 * <p>To add a setting: declare it here, add it to {@link #ALL}, read it where the application is wired
 * ({@link QuireApplication}) with {@link ServerConfig#get}, and regenerate docs/configuration.md (see that file).
 */
public final class Settings {

    private Settings() {
    }

    // --- where and how it listens -----------------------------------------------------------------------------

    public static final Setting<String> HOST = Setting.of("host", "HOST", "127.0.0.1", SettingParsers::host,
            "Interface to listen on: an IP address or host name. 0.0.0.0 or :: listen on every interface.");

    public static final Setting<Integer> PORT = Setting.of("port", "PORT", "8080", SettingParsers::port,
            "TCP port for HTTP, WebSocket and the web client; 0 picks a free port.");

    public static final Setting<URI> PUBLIC_URL = Setting.of("public-url", "URL", null, SettingParsers::baseUrl,
            "The server's address as users and webhook receivers reach it, e.g. behind a reverse proxy; used in"
                    + " webhook payload URLs. Unset: http://HOST:PORT.");

    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.of("shutdown-timeout", "DURATION", "10s",
            SettingParsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "At stop (SIGTERM), the longest wait for requests in flight and WebSocket close handshakes.");

    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.of("drain-timeout", "DURATION", "10s",
            SettingParsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "At stop, the longest wait for pending commits, pending autosaves, closing editors with 1001 and the"
                    + " snapshot of every open document.");

    public static final Setting<Duration> WEBHOOK_SHUTDOWN_GRACE = Setting.of("webhook-shutdown-grace", "DURATION",
            "5s", SettingParsers.duration(Duration.ofMillis(100), Duration.ofMinutes(10)),
            "At stop, the longest wait for webhook attempts in flight; unfinished ones stay pending and are due at"
                    + " once at the next start.");

    // --- storage ----------------------------------------------------------------------------------------------

    public static final Setting<Path> DATA = Setting.of("data", "DIR", "./data", SettingParsers::path,
            "Data directory: the SQLite database (quire.db) and its write-ahead log live here.");

    public static final Setting<Path> BACKUP_DIR = Setting.of("backup-dir", "DIR", null, SettingParsers::path,
            "Where POST /api/admin/backups writes backups. Unset: backups in the data directory.");

    // --- documents --------------------------------------------------------------------------------------------

    public static final Setting<Duration> AUTOSAVE_IDLE = Setting.of("autosave-idle", "DURATION", "2s",
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofHours(1)),
            "Autosave a document this long after its last edit.");

    public static final Setting<Duration> AUTOSAVE_MAX_WAIT = Setting.of("autosave-max-wait", "DURATION", "30s",
            SettingParsers.duration(Duration.ofMillis(100), Duration.ofHours(24)),
            "Autosave at the latest this long after the first unsaved edit, even while editing goes on."
                    + " At least autosave-idle.");

    // --- webhooks ---------------------------------------------------------------------------------------------

    public static final Setting<Boolean> WEBHOOKS_ALLOW_PRIVATE = Setting.flag("webhooks-allow-private",
            "Allow webhook endpoints on loopback, private and link-local addresses (local integrations, tests)."
                    + " Off: such endpoints are refused (SSRF guard).");

    public static final Setting<Duration> WEBHOOK_LOG_RETENTION = Setting.of("webhook-log-retention", "DURATION",
            "30d", SettingParsers.duration(Duration.ofHours(1), Duration.ofDays(3650)),
            "How long finished webhook deliveries, their payloads and attempt logs are kept (GET"
                    + " /api/webhooks/{id}/deliveries, redelivery). Pending deliveries are kept whatever their age.");

    // --- operations -------------------------------------------------------------------------------------------

    public static final Setting<LogFormat> LOG_FORMAT = Setting.of("log-format", "text|json", "text",
            LogFormat::parse, "Log lines on stderr: readable text, or JSON lines (one object per line) for log"
                    + " shippers. docs/operations.md.");

    public static final Setting<org.slf4j.event.Level> LOG_LEVEL = Setting.of("log-level", "LEVEL", "info",
            LogSettings::parseLevel, "trace, debug, info, warn or error, for Quire's own logs; the libraries it"
                    + " uses stay at warn.");

    public static final Setting<Boolean> METRICS = Setting.flag("metrics", true,
            "Serve Prometheus metrics at /metrics (docs/operations.md); off: 404 and no meters are kept.");

    /** All settings, in the order of {@code --help} and docs/configuration.md. */
    public static final List<Setting<?>> ALL = List.of(
            HOST, PORT, PUBLIC_URL, SHUTDOWN_TIMEOUT, DRAIN_TIMEOUT, WEBHOOK_SHUTDOWN_GRACE,
            DATA, BACKUP_DIR,
            AUTOSAVE_IDLE, AUTOSAVE_MAX_WAIT,
            WEBHOOKS_ALLOW_PRIVATE, WEBHOOK_LOG_RETENTION,
            LOG_FORMAT, LOG_LEVEL, METRICS);

    /**
     * The config file itself: only a flag or the environment can name it (a file naming another file would be a
     * chain to follow). Not in {@link #ALL}.
     */
    public static final Setting<Path> CONFIG = Setting.of("config", "FILE", null, SettingParsers::path,
            "A config file in Java properties format (name = value, one setting per line, names as in this list)."
                    + " Flags win over environment variables, which win over the file.");
}
