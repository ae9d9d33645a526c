package dev.quire.app;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the operator commands ({@code backup}, {@code restore}) share: {@code --help}, the data directory, and how
 * they report a failure. A picocli mixin, so each command declares only its own options.
 */
final class OperatorOptions {
    /** Exit code of a command that was refused or failed (bad arguments are picocli's 2). */
    static final int EXIT_FAILED = 1;

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    // Help only: the version is the root command's (--version), not repeated on every subcommand.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The server's data directory.")
    Path data;

    void say(String line) {
        spec.commandLine().getOut().println(line);
    }

    /** Prints {@code quire <command>: message} on stderr. @return {@link #EXIT_FAILED} */
    int fail(String message) {
        spec.commandLine().getErr().println("quire " + spec.name() + ": " + message);
        return EXIT_FAILED;
    }
}
