package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quire.store.sqlite.SqliteRestore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the server's own user can read what it stores: the data directory it creates is 0700; the database, its WAL
 * and shared-memory files, backups and restored databases are 0600 - whatever the umask (tests run under the usual
 * 022, which would otherwise give 0755 and 0644). Existing files open to others are narrowed at start; an existing
 * data directory is left as it is.
 */
class DataAtRestTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    @Test
    void newDataDirectory_is0700_andTheDatabaseWithItsWalAndShm_0600() throws Exception {
        Path data = dir.resolve("new/data");
        try (TestServerOn server = new TestServerOn(data)) {
            server.post("/api/documents", "{\"title\":\"secret\"}", 201);

            assertEquals("rwx------", mode(data));
            assertEquals("rwx------", mode(dir.resolve("new")), "missing parents are created private too");
            for (String file : List.of("quire.db", "quire.db-wal", "quire.db-shm")) {
                assertEquals("rw-------", mode(data.resolve(file)), file);
            }
        }
    }

    @Test
    void backups_are0600_inA0700Directory() throws Exception {
        Path data = dir.resolve("data");
        try (TestServerOn server = new TestServerOn(data)) {
            server.post("/api/documents", "{\"title\":\"secret\"}", 201);
            server.post("/api/admin/backups", "", 201);

            Path backups = OperationsSettings.defaults().backupDirectoryIn(data);
            assertEquals("rwx------", mode(backups));
            try (Stream<Path> files = Files.list(backups)) {
                List<Path> copies = files.toList();
                assertEquals(1, copies.size(), copies::toString);
                assertEquals("rw-------", mode(copies.get(0)));
            }
        }
    }

    @Test
    void databaseOpenToOthers_isNarrowedAtStart_butAnExistingDirectoryIsLeftAlone() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-x---")));
        try (TestServerOn server = new TestServerOn(data)) {
            server.post("/api/documents", "{\"title\":\"secret\"}", 201);
        }
        for (String file : List.of("quire.db", "quire.db-wal", "quire.db-shm")) {
            Path path = data.resolve(file);
            if (!Files.exists(path)) {
                Files.createFile(path);
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-r--"));
        }

        try (TestServerOn server = new TestServerOn(data)) {
            for (String file : List.of("quire.db", "quire.db-wal", "quire.db-shm")) {
                assertEquals("rw-------", mode(data.resolve(file)), file);
            }
            assertEquals("rwxr-x---", mode(data), "an existing directory may be shared on purpose");
        }
    }

    @Test
    void restoredDatabase_is0600() throws Exception {
        Path data = dir.resolve("data");
        Path backup;
        try (TestServerOn server = new TestServerOn(data)) {
            server.post("/api/documents", "{\"title\":\"secret\"}", 201);
            server.post("/api/admin/backups", "", 201);
            try (Stream<Path> files = Files.list(OperationsSettings.defaults().backupDirectoryIn(data))) {
                backup = files.findFirst().orElseThrow();
            }
        }
        Path outside = Files.copy(backup, dir.resolve("copy.db"));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));

        SqliteRestore.Outcome outcome = SqliteRestore.restore(data, outside, Instant.now());

        assertEquals("rw-------", mode(data.resolve("quire.db")));
        assertEquals("rwx------", mode(outcome.previous()), "the database put aside");
    }

    private static String mode(Path path) throws Exception {
        assertTrue(Files.exists(path), path + " exists");
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The real server on {@code data}, not deleting it at close (the tests look at it afterwards). */
    private static final class TestServerOn implements AutoCloseable {
        private final QuireApplication app;

        TestServerOn(Path data) throws Exception {
            app = QuireApplication.builder(new ServerConfig("127.0.0.1", 0, data)).build();
            app.start();
        }

        void post(String path, String json, int expected) throws Exception {
            URI uri = app.baseUri().resolve(path);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, response.statusCode(), response.body());
        }

        @Override
        public void close() {
            app.close();
        }
    }
}
