package dev.quire.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only the server's own user may read, whatever the process's umask: directories Quire creates get mode
 * {@code 0700}, the database, its WAL and shared-memory files and backups {@code 0600}. They hold every document, the
 * hashes of tokens and the webhook secrets. On file systems without POSIX permissions (Windows) these methods only
 * create: there the directory's ACL decides. Stateless and thread-safe.
 */
public final class PrivateFiles {
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code directory} and its missing parents with mode {@code 0700}. A directory that already exists is
     * left as it is: it may be shared on purpose (a home directory, a mount point).
     *
     * @throws IOException as {@link Files#createDirectories}
     */
    public static Path createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory) || !posix(directory)) {
            return Files.createDirectories(directory);
        }
        return Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }

    /**
     * Creates {@code file} empty with mode {@code 0600}, or, if it exists, takes from group and others whatever they
     * may do with it, so a file made before (or by another tool) is private from now on.
     *
     * @return true if an existing file's permissions were narrowed
     */
    public static boolean createOrRestrict(Path file) throws IOException {
        if (!posix(file)) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return false;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            return false;
        } catch (FileAlreadyExistsException e) {
            return restrict(file);
        }
    }

    /**
     * Takes from group and others whatever they may do with {@code file}, if it exists (the owner's permissions
     * stay). A symbolic link is not followed.
     *
     * @return true if anything changed
     */
    public static boolean restrict(Path file) throws IOException {
        if (!posix(file) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!permissions.removeAll(OTHERS)) {
            return false;
        }
        Files.setPosixFilePermissions(file, permissions);
        return true;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
