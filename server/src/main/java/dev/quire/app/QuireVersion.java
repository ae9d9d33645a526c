package dev.quire.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this build was made from (Maven's project version, written into a resource at build time). */
public final class QuireVersion {

    private static final String RESOURCE = "/dev/quire/app/version.properties";

    private QuireVersion() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}; "unknown" if the resource is missing (a build that skipped resources). */
    public static String current() {
        try (InputStream in = QuireVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
