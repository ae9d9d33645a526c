package dev.quire.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive claim of one process on a data directory: an OS file lock on {@value #FILE_NAME}, held for the
 * whole life of a server (or of an offline restore), so that a second server - or a restore - on the same
 * directory fails at once with a clear message instead of writing into a database another process owns.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}), so it is released when the process dies,
 * even by SIGKILL: a stale lock file never blocks a restart. The file keeps the holder's process id, only to name
 * it in the message. A lock held by this same JVM also counts as held (two applications in one test JVM).
 * Not thread-safe; {@link #close()} is idempotent.
 *
 * <p>Caveat of POSIX record locks, which belong to a process, not to a channel: when a refused attempt in the
 * holder's own JVM closes its channel, Linux drops that JVM's OS lock on the file (the JVM's own lock table still
 * refuses further attempts in it, but another process could now get the lock). Production runs one server per
 * JVM, so only tests that try twice in one JVM meet this.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** The lock file's name in the data directory. */
    public static final String FILE_NAME = "quire.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDirectory} (which must exist), without waiting.
     *
     * @throws InUseException if another process, or another holder in this JVM, has it
     * @throws IOException    if the lock file cannot be created or written
     */
    public static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new InUseException(dataDirectory, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(file);
            channel.close();
            throw new InUseException(dataDirectory, holder);
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DataDirectoryLock(file, channel, lock);
    }

    /** True if some process (this one included) holds the lock of {@code dataDirectory} now. */
    public static boolean isHeld(Path dataDirectory) throws IOException {
        if (!Files.exists(dataDirectory.resolve(FILE_NAME))) {
            return false;
        }
        try (DataDirectoryLock ignored = acquire(dataDirectory)) {
            return false;
        } catch (InUseException e) {
            return true;
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock; the file stays (removing it could race a process that just opened it). */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).strip();
            return pid.matches("\\d{1,10}") ? pid : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The data directory is locked by another server or an offline restore. */
    public static final class InUseException extends IOException {
        InUseException(Path dataDirectory, String holderPid) {
            super("the data directory " + dataDirectory.toAbsolutePath() + " is in use by another Quire process"
                    + (holderPid != null ? " (pid " + holderPid + ")" : ""));
        }
    }
}
