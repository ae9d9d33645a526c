package dev.quire.app;

import dev.quire.auth.AuthSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar quire.jar}: parses settings, starts {@link QuireApplication}, prints the one
 * "listening" line scripts wait for, and stops gracefully on SIGTERM/SIGINT.
 *
 * <p>Exit codes: 0 after {@code --help}, {@code --version} or a normal stop, 2 for an invalid setting, 1 if start-up fails.
 * Everything but the listening line and the help goes to stderr.
 */
public final class Main {

    static final int EXIT_INVALID_SETTING = 2;
    static final int EXIT_START_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) {
        // Tyrus, Grizzly and Jersey log through java.util.logging; route it to SLF4J/Logback like ours.
        Logging.routeJulToSlf4j();
        Logger log = LoggerFactory.getLogger(Main.class);

        ServerConfig config;
        ConfigLoader.Run run;
        try {
            ConfigLoader.Command command = ConfigLoader.parse(List.of(args), System.getenv());
            if (command instanceof ConfigLoader.Help help) {
                System.out.print(help.text());
                return;
            }
            if (command instanceof ConfigLoader.Version version) {
                System.out.println(version.text());
                return;
            }
            if (command instanceof ConfigLoader.Operator operator) {
                System.exit(operator.commandLine().execute(operator.args().toArray(String[]::new)));
                return;
            }
            run = (ConfigLoader.Run) command;
            config = run.config();
        } catch (ServerConfig.InvalidSettingException e) {
            System.err.println("quire: " + e.getMessage());
            System.exit(EXIT_INVALID_SETTING);
            return;
        }
        Logging.configure(ConfiguredSettings.logs(config));
        log.info("Quire {} starting: data {}, config file {}, auth {}", QuireVersion.current(),
                config.data().toAbsolutePath().normalize(), run.configFile() == null ? "none" : run.configFile(),
                ConfiguredSettings.authSettings(config).mode());

        QuireApplication app;
        try {
            app = QuireApplication.builder(config).build();
        } catch (ServerConfig.InvalidSettingException e) {
            System.err.println("quire: " + e.getMessage());
            System.exit(EXIT_INVALID_SETTING);
            return;
        } catch (AuthSettings.InsecureBindException e) {
            System.err.println("quire: " + e.getMessage());
            System.exit(EXIT_INVALID_SETTING);
            return;
        } catch (DataDirectoryLock.InUseException e) {
            System.err.println("quire: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        } catch (IOException | RuntimeException e) {
            log.error("start-up failed", e);
            System.exit(EXIT_START_FAILED);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        try {
            app.start();
        } catch (IOException e) {
            System.err.println("quire: " + e.getMessage());
            app.stop();
            System.exit(EXIT_START_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            app.stop();
            stopped.countDown();
        }, "quire-shutdown"));

        System.out.println("Quire listening on " + app.baseUri());
        System.out.flush();
        log.info("listening on {}", app.baseUri());
        try {
            stopped.await(); // the JVM exits when the shutdown hook has finished
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
