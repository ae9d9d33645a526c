package dev.quire.app;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Resolves {@link Settings} from the command line (picocli, built from the same list), the environment
 * ({@code QUIRE_*}) and an optional config file, in that precedence, and validates every value with its setting's
 * parser. A refused value fails with a message naming the setting and where the value came from.
 */
public final class ConfigLoader {

    /** What the command line asked for. */
    public sealed interface Command permits Run, Help, Version, Operator {
    }

    /** An operator command ({@code backup}, {@code restore}): run {@code commandLine} on {@code args}. */
    public record Operator(CommandLine commandLine, List<String> args) implements Command {
    }

    /** Start the server with {@code config}; {@code configFile} is the file read, or null. */
    public record Run(ServerConfig config, Path configFile) implements Command {
    }

    /** Print {@code text} ({@code --help}) and exit. */
    public record Help(String text) implements Command {
    }

    /** Print {@code text} ({@code --version}) and exit. */
    public record Version(String text) implements Command {
    }

    private ConfigLoader() {
    }

    /** The picocli model of the command line: one option per setting, plus the config file, help and version. */
    public static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name("java -jar quire.jar");
        spec.mixinStandardHelpOptions(true);
        spec.version("Quire " + QuireVersion.current());
        spec.usageMessage()
                .description("Quire: real-time collaborative rich-text editing, one jar.",
                        "Every option can also be set as an environment variable (QUIRE_NAME) or in the config "
                                + "file (name = value). Flags win over environment variables, which win over the "
                                + "file. See docs/configuration.md.")
                .footer("", "Once listening, prints one line: Quire listening on http://HOST:PORT/")
                .width(100);
        spec.addOption(option(Settings.CONFIG));
        // Operator commands: run instead of the server, with their own options (docs/operations.md).
        spec.addSubcommand("backup", new CommandLine(new BackupCommand()));
        spec.addSubcommand("restore", new CommandLine(new RestoreCommand()));
        for (Setting<?> setting : Settings.ALL) {
            spec.addOption(option(setting));
        }
        return new CommandLine(spec);
    }

    private static OptionSpec option(Setting<?> setting) {
        OptionSpec.Builder option = OptionSpec.builder(setting.flagName()).type(String.class)
                .description(helpText(setting));
        if (setting.isSwitch()) {
            option.arity("0..1").paramLabel("true|false").fallbackValue("true");
        } else {
            option.arity("1").paramLabel(setting.label());
        }
        return option.build();
    }

    private static String helpText(Setting<?> setting) {
        String fallback = setting.defaultText() == null ? "unset" : setting.defaultText();
        return setting.description() + " Env " + setting.envName() + "; default " + fallback + ".";
    }

    /**
     * @param env the process environment (only {@code QUIRE_*} names are read)
     * @throws ServerConfig.InvalidSettingException for an unknown flag, a missing value, an unreadable config file or
     *                                              an invalid value; the message names the setting and its source
     */
    public static Command parse(List<String> args, Map<String, String> env)
            throws ServerConfig.InvalidSettingException {
        CommandLine commandLine = commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ServerConfig.InvalidSettingException(e.getMessage() + " (try --help)");
        }
        if (parsed.subcommand() != null) {
            int at = args.indexOf(parsed.subcommand().commandSpec().name());
            return new Operator(parsed.subcommand().commandSpec().commandLine(), args.subList(at + 1, args.size()));
        }
        if (parsed.isUsageHelpRequested()) {
            return new Help(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        if (parsed.isVersionHelpRequested()) {
            return new Version(String.join(System.lineSeparator(), commandLine.getCommandSpec().version()));
        }

        Path configFile = null;
        Map<String, String> file = Map.of();
        String configText = flagOrEnv(parsed, env, Settings.CONFIG);
        if (configText != null) {
            configFile = value(Settings.CONFIG, configText, source(parsed, Settings.CONFIG));
            file = readConfigFile(configFile);
        }

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            String flag = parsed.matchedOptionValue(setting.flagName(), null);
            String source;
            String text;
            if (flag != null) {
                source = setting.flagName();
                text = flag;
            } else if (env.get(setting.envName()) != null) {
                source = setting.envName();
                text = env.get(setting.envName());
            } else if (file.get(setting.fileKey()) != null) {
                source = setting.fileKey() + " in " + configFile;
                text = file.get(setting.fileKey());
            } else {
                values.put(setting, setting.defaultValue());
                continue;
            }
            values.put(setting, value(setting, text, source));
        }
        ServerConfig config = ServerConfig.of(values);
        checkTogether(config);
        return new Run(config, configFile);
    }

    /** Rules between settings; each message names every setting involved. */
    private static void checkTogether(ServerConfig config) throws ServerConfig.InvalidSettingException {
        if (config.get(Settings.AUTOSAVE_MAX_WAIT).compareTo(config.get(Settings.AUTOSAVE_IDLE)) < 0) {
            throw new ServerConfig.InvalidSettingException("autosave-max-wait (" + config.get(Settings.AUTOSAVE_MAX_WAIT)
                    + ") must be at least autosave-idle (" + config.get(Settings.AUTOSAVE_IDLE) + ")");
        }
        if (config.get(Settings.REDIS) != null && config.get(Settings.DATABASE) == null) {
            throw new ServerConfig.InvalidSettingException("redis (" + config.get(Settings.REDIS) + ") needs database:"
                    + " Redis only carries the fan-out between nodes that share a PostgreSQL database"
                    + " (--database postgresql://...)");
        }
    }

    private static String flagOrEnv(ParseResult parsed, Map<String, String> env, Setting<?> setting) {
        String flag = parsed.matchedOptionValue(setting.flagName(), null);
        return flag != null ? flag : env.get(setting.envName());
    }

    private static String source(ParseResult parsed, Setting<?> setting) {
        return parsed.hasMatchedOption(setting.flagName()) ? setting.flagName() : setting.envName();
    }

    private static <T> T value(Setting<T> setting, String text, String source)
            throws ServerConfig.InvalidSettingException {
        try {
            return setting.parser().parse(text);
        } catch (IllegalArgumentException e) {
            throw new ServerConfig.InvalidSettingException(source + ": " + e.getMessage());
        }
    }

    private static Map<String, String> readConfigFile(Path file) throws ServerConfig.InvalidSettingException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ServerConfig.InvalidSettingException("config file " + file + ": cannot read it: " + e);
        }
        Map<String, String> known = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            known.put(setting.fileKey(), null);
        }
        TreeSet<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(known.keySet());
        if (!unknown.isEmpty()) {
            throw new ServerConfig.InvalidSettingException("config file " + file + ": unknown setting(s) "
                    + String.join(", ", unknown) + " (docs/configuration.md lists them)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return values;
    }
}
