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

    @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory (required).")
    Path data;

    // Taken from the environment too, as the server does, so an operator of a cluster is told before anything runs.
    @Option(names = "--database", paramLabel = "URL", defaultValue = "${env:QUIRE_DATABASE}",
            description = "The server's --database, if it runs on PostgreSQL: then its own tools do this.")
    String database;

    /**
     * Whether the command can run: on the embedded database of {@code --data} only. With PostgreSQL it says what to
     * use instead ({@code advice}); without a data directory it is a usage error.
     *
     * @return null if it can, else the exit code to end with
     */
    Integer refusal(String advice) {
        if (database != null && !database.isBlank()) {
            return fail("Quire runs on PostgreSQL (--database / QUIRE_DATABASE): it keeps no database file of its own;"
                    + " " + advice);
        }
        if (data == null) {
            spec.commandLine().getErr().println("Missing required option: '--data=DIR'");
            spec.commandLine().usage(spec.commandLine().getErr());
            return CommandLine.ExitCode.USAGE;
        }
        return null;
    }

    void say(String line) {
        spec.commandLine().getOut().println(line);
    }

    /** Prints {@code quire <command>: message} on stderr. @return {@link #EXIT_FAILED} */
    int fail(String message) {
        spec.commandLine().getErr().println("quire " + spec.name() + ": " + message);
        return EXIT_FAILED;
    }
}
