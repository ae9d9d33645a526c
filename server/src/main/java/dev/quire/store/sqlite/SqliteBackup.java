package dev.quire.store.sqlite;

import dev.quire.store.PrivateFiles;
import dev.quire.store.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * Takes a consistent copy of a Quire database file, also while a server writes to it - from this process or
 * another.
 *
 * <p>How: {@code VACUUM INTO} on a connection of its own. It reads the source inside one read transaction, so
 * the copy is exactly the database as of the last commit before it began (in WAL mode the writer goes on
 * meanwhile and is never blocked), and it writes a compact file with no WAL beside it, ready to be opened or
 * restored. SQLite's online backup API was the alternative; its incremental copy restarts whenever another
 * connection writes to the source, so under continuous editing it may never finish, and copying in one step
 * holds the read lock as long as {@code VACUUM INTO} does anyway.
 *
 * <p>The copy is written to {@code <target>.partial}, synced, then renamed, so a file with the target's name is
 * always complete.
 */
public final class SqliteBackup {

    private SqliteBackup() {
    }

    /**
     * Copies {@code databaseFile} to {@code target}, which must not exist (its directory is created if needed).
     *
     * @return the size of the copy in bytes
     * @throws StorageException if the source cannot be read, the target exists or cannot be written
     */
    public static long copy(Path databaseFile, Path target) {
        if (!Files.isRegularFile(databaseFile)) {
            throw new StorageException("no database at " + databaseFile);
        }
        if (Files.exists(target)) {
            throw new StorageException("will not overwrite " + target);
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            PrivateFiles.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(partial); // left by a copy that died half-way
            // VACUUM INTO writes into an empty file as into a new one, keeping this one's mode: 0600, as the database.
            PrivateFiles.createOrRestrict(partial);
            try (SqlConnection db = openForCopy(databaseFile)) {
                var vacuum = db.prepare("VACUUM INTO ?");
                vacuum.setString(1, partial.toAbsolutePath().toString());
                vacuum.execute();
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true); // VACUUM INTO does not sync its output
            }
            move(partial, target);
            return Files.size(target);
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new StorageException("backup of " + databaseFile + " to " + target + " failed: " + e.getMessage(), e);
        }
    }

    private static SqlConnection openForCopy(Path databaseFile) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Read-only, so the copy can never change the source (VACUUM INTO reads it, and writes only the new file;
        // the query_only pragma would refuse VACUUM INTO altogether).
        config.setReadOnly(true);
        // Waits for a moment when a checkpoint or another process holds a lock, instead of failing at once.
        config.setBusyTimeout(10_000);
        return new SqlConnection(config.createConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
