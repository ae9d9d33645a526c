/**
 * Quill Delta and its algebra: {@link dev.quire.ot.Delta}, {@link dev.quire.ot.Op},
 * {@link dev.quire.ot.AttributeMap}, with compose, transform, transformPosition, invert and diff
 * giving exactly the results of the {@code quill-delta} 5.1.0 npm package that Quill uses in the
 * browser.
 *
 * <p>Pure: imports only {@code java.*}; no I/O, no JSON library. Lengths are UTF-16 code units
 * (Java {@link java.lang.String#length()}, as JavaScript), an embed counts 1. All values are
 * immutable and therefore safe to share between threads.
 *
 * <p>Known differences from quill-delta, all where quill-delta cannot give an answer: changes to
 * embeds ({@link dev.quire.ot.Op.RetainEmbed}) need embed handlers, which do not exist here, so the
 * algebra throws where quill-delta without handlers throws (type mismatches and retaining an embed
 * over text as {@link dev.quire.ot.InvalidDeltaException}, the missing handler as
 * {@link java.lang.UnsupportedOperationException}); and on text with lone surrogates where
 * fast-diff recurses until its stack overflows, {@link dev.quire.ot.Delta#diff} still returns a
 * correct (not necessarily minimal) change.
 *
 * <p>JSON values (attribute values, embed payloads) are plain Java objects: {@code String},
 * {@code Boolean}, {@code Long} (integral numbers), {@code Double} (others), {@code null} (JSON
 * null), unmodifiable {@code List<Object>} and unmodifiable {@code Map<String, Object>}; see
 * {@link dev.quire.ot.JsonValues}.
 */
package dev.quire.ot;
