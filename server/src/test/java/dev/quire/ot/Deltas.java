package dev.quire.ot;

/** Short builders for test cases, named like quill-delta's tests read. */
final class Deltas {
    private Deltas() {
    }

    static Delta.Builder delta() {
        return Delta.builder();
    }

    static AttributeMap attrs(Object... keysAndValues) {
        return AttributeMap.of(keysAndValues);
    }

    static Embed image(String url) {
        return Embed.of("image", url);
    }

    static Embed video(String url) {
        return Embed.of("video", url);
    }

    static final AttributeMap BOLD = AttributeMap.of("bold", true);
    static final AttributeMap ITALIC = AttributeMap.of("italic", true);
    static final AttributeMap NONE = AttributeMap.EMPTY;
}
