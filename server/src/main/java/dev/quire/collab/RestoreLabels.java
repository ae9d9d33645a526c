package dev.quire.collab;

/**
 * The labels of the two saves a restore makes, which history shows and the web client reads to tell others
 * ("Ada restored version 3"): the content before the restore and the restore's result.
 */
final class RestoreLabels {
    private RestoreLabels() {
    }

    /** The label of the save made just before saved version {@code number} is restored. */
    static String before(long number) {
        return "Before restoring version " + number;
    }

    /** The label of the save of a restore's result. */
    static String restored(long number) {
        return "Restored version " + number;
    }
}
