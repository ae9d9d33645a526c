package dev.quire.store;

import java.util.List;

/**
 * Consistent copies of the whole database taken while the server runs, kept as files in one directory.
 * Thread-safe.
 */
public interface Backups {

    /**
     * Copies the database as of one instant - every committed change before it, none after - into a new file.
     *
     * @throws StorageException if the copy could not be made (nothing is left behind then)
     */
    BackupInfo create();

    /** The backups in the directory, newest first. */
    List<BackupInfo> list();
}
