package dev.quire.ot;

/**
 * Errors for a retained change to an embed ({@link Op.RetainEmbed}). quill-delta applies such a
 * change through an embed handler registered per embed type; none exist here (nor in Quire's
 * client), so every such change that reaches an embed fails, with quill-delta's checks in its order.
 */
final class EmbedChanges {
    private EmbedChanges() {
    }

    /**
     * The exception for applying {@code change} to {@code target}: a mismatch when the target is
     * text, nothing, or an embed of another type ({@link InvalidDeltaException}); otherwise the
     * missing handler ({@link UnsupportedOperationException}).
     *
     * @param target the {@link Embed} under the change, the text (a {@code String}) or null for nothing
     */
    static RuntimeException unsupported(Object target, Embed change) {
        if (target == null) {
            return new InvalidDeltaException("cannot retain an embed change (" + change.type() + ") past the end of the document");
        }
        if (!(target instanceof Embed embed)) {
            return new InvalidDeltaException("cannot retain an embed change (" + change.type() + ") on text");
        }
        return unsupported(embed, change);
    }

    static RuntimeException unsupported(Embed target, Embed change) {
        if (!target.type().equals(change.type())) {
            return new InvalidDeltaException("embed types not matched: " + target.type() + " != " + change.type());
        }
        return new UnsupportedOperationException("no handler for embed type \"" + change.type()
                + "\": changes to embeds (retain of an embed object) are not supported");
    }
}
