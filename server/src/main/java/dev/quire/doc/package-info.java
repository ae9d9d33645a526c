/**
 * Document state for fast edits on large documents: {@link dev.quire.doc.RichText}, the text of
 * one document with its attributes and embeds, changed in place by Quill deltas with the result
 * {@code Delta.compose} would give, validated like {@code Delta.applyTo}.
 *
 * <p>The real implementation is a counted B+tree of leaves, each a {@code char[]} chunk of up to
 * about a thousand UTF-16 units covered by attributed runs (an embed is a run of length 1), so that
 * applying a small change to a large document costs O(log n) per op plus what it touches, instead
 * of rewriting the whole op list. A flat op-list implementation is kept as the reference for tests
 * and the baseline for {@code TraceReplayBench}.
 *
 * <p>Depends only on {@code dev.quire.ot}. Not thread-safe: see {@link dev.quire.doc.RichText}.
 */
package dev.quire.doc;
