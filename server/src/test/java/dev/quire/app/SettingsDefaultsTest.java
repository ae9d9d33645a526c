package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.api.ApiSettings;
import dev.quire.auth.AuthSettings;
import dev.quire.cluster.ClusterSettings;
import dev.quire.collab.HubSettings;
import dev.quire.metrics.MetricsSettings;
import dev.quire.server.ServerTuning;
import dev.quire.webhook.WebhookSettings;
import dev.quire.ws.WsSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each default is defined once, in the record that uses it; {@link Settings} writes its default texts from those
 * records. So the configuration of an operator who sets nothing must give every record exactly its defaults(): a
 * setting read into the wrong field, or a default text that does not read back as the record's value, fails here.
 */
class SettingsDefaultsTest {
    private static final ServerConfig DEFAULTS = ServerConfig.defaults();

    @Test
    void defaultConfig_givesEveryRecordItsDefaults() {
        assertEquals(SecurityLimits.defaults(), ConfiguredSettings.securityLimits(DEFAULTS));
        assertEquals(AuthSettings.defaults(), ConfiguredSettings.authSettings(DEFAULTS));
        assertEquals(WsSettings.defaults(), ConfiguredSettings.webSockets(DEFAULTS));
        assertEquals(HubSettings.defaults(), ConfiguredSettings.hubSettings(DEFAULTS, SecurityLimits.defaults()));
        assertEquals(WebhookSettings.defaults(),
                ConfiguredSettings.webhookSettings(DEFAULTS, WebhookSettings.defaults()));
        assertEquals(ServerTuning.defaults(), ConfiguredSettings.serverTuning(DEFAULTS, WsSettings.defaults()));
        assertEquals(ApiSettings.defaults(), ConfiguredSettings.apiSettings(SecurityLimits.defaults()));
        assertEquals(ClusterSettings.defaults(), ConfiguredSettings.cluster(DEFAULTS));
        assertEquals(OperationsSettings.defaults(), ConfiguredSettings.operations(DEFAULTS));
        assertEquals(MetricsSettings.defaults(), ConfiguredSettings.metrics(DEFAULTS));
        assertEquals(LogSettings.defaults(), ConfiguredSettings.logs(DEFAULTS));
    }

    @Test
    void valuesTwoRecordsShare_haveOneDefault() {
        assertEquals(HubSettings.defaults().maxDocumentLength(), SecurityLimits.defaults().maxDocumentLength());
        assertEquals(ApiSettings.defaults().maxBodyBytes(), SecurityLimits.defaults().maxRequestBodyBytes());
        assertEquals(WsSettings.defaults().maxMessageBytes(), ServerTuning.defaults().maxMessageBytes());
    }

    @Test
    void everyDefaultText_readsBackAsItsSetting() {
        for (Setting<?> setting : Settings.ALL) {
            if (setting.defaultText() != null) {
                setting.parser().parse(setting.defaultText()); // throws, naming what is expected
            }
        }
    }

    @Test
    void sizeText_usesTheLargestWholeBinaryUnit() {
        assertEquals("1MiB", DefaultTexts.size(1 << 20));
        assertEquals("64KiB", DefaultTexts.size(64 * 1024));
        assertEquals("1536KiB", DefaultTexts.size(1536 * 1024));
        assertEquals("2GiB", DefaultTexts.size(2L << 30));
        assertEquals("1000", DefaultTexts.size(1000));
    }

    @Test
    void durationText_usesTheLargestWholeUnit_butNeverOneDayOrOneMinute() {
        assertEquals("30d", DefaultTexts.duration(Duration.ofDays(30)));
        assertEquals("24h", DefaultTexts.duration(Duration.ofDays(1)));
        assertEquals("60s", DefaultTexts.duration(Duration.ofMinutes(1)));
        assertEquals("5m", DefaultTexts.duration(Duration.ofMinutes(5)));
        assertEquals("90s", DefaultTexts.duration(Duration.ofSeconds(90)));
        assertEquals("1500ms", DefaultTexts.duration(Duration.ofMillis(1500)));
    }

    @Test
    void wholeText_refusesAFraction() {
        assertEquals("50", DefaultTexts.whole(50.0));
        assertThrows(IllegalArgumentException.class, () -> DefaultTexts.whole(0.5));
    }
}
