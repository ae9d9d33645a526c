package dev.quire.store.sqlite;

import dev.quire.store.BackupInfo;
import dev.quire.store.Backups;
import dev.quire.store.PrivateFiles;
import dev.quire.store.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link Backups} of a SQLite database file into a directory, as {@code quire-<UTC time>.db} files made by
 * {@link SqliteBackup#copy}. The name says when the copy was taken, to the millisecond, so names sort by time.
 * Thread-safe: one backup at a time (each is a full copy; running two at once would only double the I/O).
 */
public final class SqliteBackups implements Backups {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("quire-(\\d{8}T\\d{6}\\.\\d{3}Z)(?:-(\\d{1,9}))?\\.db");

    private final Path databaseFile;
    private final Path directory;
    private final Clock clock;

    /**
     * @param databaseFile the live database, e.g. {@code data/quire.db}
     * @param directory    where backups go (created on the first backup), e.g. {@code data/backups}
     */
    public SqliteBackups(Path databaseFile, Path directory, Clock clock) {
        this.databaseFile = databaseFile;
        this.directory = directory;
        this.clock = clock;
    }

    /** The file name of a backup taken at {@code at}. */
    public static String nameAt(Instant at) {
        return "quire-" + STAMP.format(at) + ".db";
    }

    @Override
    public synchronized BackupInfo create() {
        try {
            PrivateFiles.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create the backup directory " + directory + ": " + e.getMessage(), e);
        }
        // To the millisecond, as in the name, so that the answer and a later listing agree.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String name = nameAt(at);
        // Two backups within one millisecond (a fast clock in tests): the second gets a suffix.
        for (int n = 2; Files.exists(directory.resolve(name)); n++) {
            name = "quire-" + STAMP.format(at) + "-" + n + ".db";
        }
        long bytes = SqliteBackup.copy(databaseFile, directory.resolve(name));
        return new BackupInfo(name, bytes, at);
    }

    @Override
    public List<BackupInfo> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<BackupInfo> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    Instant at = parse(m.group(1));
                    if (at != null) {
                        found.add(new BackupInfo(file.getFileName().toString(), Files.size(file), at));
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list the backup directory " + directory + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(BackupInfo::createdAt).thenComparingInt(SqliteBackups::sequence).reversed());
        return found;
    }

    /** 1 for {@code quire-<time>.db}, n for {@code quire-<time>-n.db}: the order within one millisecond. */
    private static int sequence(BackupInfo backup) {
        Matcher m = NAME.matcher(backup.name());
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
    }

    private static Instant parse(String stamp) {
        try {
            return STAMP.parse(stamp, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
