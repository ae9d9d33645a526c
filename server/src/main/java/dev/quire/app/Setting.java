package dev.quire.app;

import java.util.Locale;
import java.util.Objects;

/**
 * One setting of the server: its name, what it means, its default and how a text value becomes a typed one.
 * Every source (flag, environment variable, config file) goes through the same {@link Parser}, so a value is
 * accepted or refused with the same message wherever it came from. Immutable; the whole list is {@link Settings}.
 *
 * @param name        kebab-case name: the flag is {@code --name}, the environment variable {@code QUIRE_NAME}
 *                    (upper case, {@code -} as {@code _}), the config file key {@code name}
 * @param label       what the value is, for help text (e.g. {@code PORT}); null for a switch
 * @param description one or two sentences for {@code --help} and docs/configuration.md
 * @param defaultText the default as a user would write it, or null when the default is "not set"
 * @param parser      text → value; throws {@link IllegalArgumentException} whose message says what is expected
 * @param secret      never printed or logged (tokens, keys)
 */
public record Setting<T>(String name, String label, String description, String defaultText, Parser<T> parser,
                         boolean secret) {

    /** Turns the text of a setting into its value, or says why it cannot. */
    @FunctionalInterface
    public interface Parser<T> {
        /** @throws IllegalArgumentException with a message saying what is expected and what was given */
        T parse(String text);
    }

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("setting names are kebab-case: " + name);
        }
    }

    /** An ordinary setting with a value. */
    public static <T> Setting<T> of(String name, String label, String defaultText, Parser<T> parser,
                                    String description) {
        return new Setting<>(name, label, description, defaultText, parser, false);
    }

    /** A switch: {@code --name} alone turns it on; {@code --name=false}, env and file take true/false. */
    public static Setting<Boolean> flag(String name, String description) {
        return flag(name, false, description);
    }

    /** A switch that is {@code on} by default ({@code --name=false} turns it off). */
    public static Setting<Boolean> flag(String name, boolean on, String description) {
        return new Setting<>(name, null, description, Boolean.toString(on), SettingParsers::bool, false);
    }

    /** A value that is never echoed: tokens, keys. */
    public static <T> Setting<T> secret(String name, String label, Parser<T> parser, String description) {
        return new Setting<>(name, label, description, null, parser, true);
    }

    public boolean isSwitch() {
        return label == null;
    }

    public String flagName() {
        return "--" + name;
    }

    public String envName() {
        return "QUIRE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The key in a config file. */
    public String fileKey() {
        return name;
    }

    /** The value of {@link #defaultText()}, or null when unset by default. */
    public T defaultValue() {
        return defaultText == null ? null : parser.parse(defaultText);
    }
}
