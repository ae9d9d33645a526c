package dev.quire.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md must list exactly the settings of {@link Settings}. On a difference, run the test with
 * {@code -Dquire.updateDocs=true} to rewrite the generated block, then review and commit the document.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void configurationDoc_matchesTheSettingsDefinition() throws Exception {
        String document = Files.readString(DOC);
        String expected = ConfigurationDoc.update(document);
        if (Boolean.getBoolean("quire.updateDocs") && !expected.equals(document)) {
            Files.writeString(DOC, expected);
            document = expected;
        }
        assertEquals(expected, document, "docs/configuration.md is out of date: rerun this test with "
                + "-Dquire.updateDocs=true");
    }

    @Test
    void rendering_hasOneRowPerSetting() {
        String table = ConfigurationDoc.render();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(table.contains("| `" + setting.flagName()), setting.name());
            assertTrue(table.contains("`" + setting.envName() + "`"), setting.name());
        }
        assertEquals(Settings.ALL.size() + 1, table.lines().filter(l -> l.startsWith("| `--")).count());
    }
}
