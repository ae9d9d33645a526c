package dev.quire.store;

/** What caused a save (docs/protocol.md, "saved"); its wire name is the lower-case constant name. */
public enum SaveTrigger {
    /** A client's save message, the editor's button or Ctrl/Cmd+S, or {@code POST /api/documents/{id}/saves}. */
    EXPLICIT,
    /** Autosave after edits settled. */
    AUTO,
    /** A REST write. */
    API,
    /** A saved version brought back ({@code POST /api/documents/{id}/saves/{n}/restore}): its result, saved by whom. */
    RESTORE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
