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
 * <p>JSON values (attribute values, embed payloads) are plain Java objects: {@code String},
 * {@code Boolean}, {@code Long} (integral numbers), {@code Double} (others), {@code null} (JSON
 * null), unmodifiable {@code List<Object>} and unmodifiable {@code Map<String, Object>}; see
 * {@link dev.quire.ot.JsonValues}.
 */
package dev.quire.ot;
