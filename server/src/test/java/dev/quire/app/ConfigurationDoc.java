package dev.quire.app;

import java.util.stream.Stream;

/**
 * The table of settings in docs/configuration.md, rendered from {@link Settings}, so the document is generated from
 * the one definition; {@code ConfigurationDocTest} fails when the file and this rendering differ.
 */
public final class ConfigurationDoc {

    public static final String BEGIN = "<!-- settings:begin (generated from dev.quire.app.Settings; do not edit) -->";
    public static final String END = "<!-- settings:end -->";

    private ConfigurationDoc() {
    }

    /** The markdown between {@link #BEGIN} and {@link #END}, markers included. */
    public static String render() {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| flag | environment | config file key | default | meaning |\n");
        md.append("|---|---|---|---|---|\n");
        Stream.concat(Stream.of(Settings.CONFIG), Settings.ALL.stream()).forEach(setting -> md
                .append("| `").append(setting.flagName()).append(setting.isSwitch() ? "" : " " + setting.label())
                .append("` | `").append(setting.envName())
                .append("` | ").append(setting == Settings.CONFIG ? "—" : "`" + setting.fileKey() + "`")
                .append(" | ").append(defaultCell(setting))
                .append(" | ").append(setting.description().replace("|", "\\|")).append(" |\n"));
        return md.append(END).append('\n').toString();
    }

    private static String defaultCell(Setting<?> setting) {
        if (setting.secret()) {
            return "unset (secret)";
        }
        return setting.defaultText() == null ? "unset" : "`" + setting.defaultText() + "`";
    }

    /** {@code document} with its generated block replaced by {@link #render()}. */
    public static String update(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no generated settings block in the document");
        }
        return document.substring(0, begin) + render() + document.substring(end + END.length() + 1);
    }
}
