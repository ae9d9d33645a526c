/**
 * Quire's JSON form of documents, shared by the wire, the REST API and storage alike: deltas exactly as quill-delta
 * writes them ({@link dev.quire.json.DeltaJsonModule}) and the one mapper configuration ({@link
 * dev.quire.json.QuireJson}: surrogates escaped, limits on what is read).
 *
 * <p>Its own package, below {@code protocol} and {@code store.sqlite}, so that the stored form is a format of its
 * own: a change of a wire message cannot change what is in the file, and a change of this form is visible to both.
 * Depends only on {@code ot} and Jackson.
 */
package dev.quire.json;
