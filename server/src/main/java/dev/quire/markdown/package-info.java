/**
 * The Markdown form of documents (docs/rest.md, "Markdown"): {@link dev.quire.markdown.MarkdownImport} reads
 * CommonMark with commonmark-java into a Quill delta, keeping the formats Quill has (headings, bold, italic, code,
 * links, images, lists, block quotes, code blocks); {@link dev.quire.markdown.MarkdownExport} writes a delta as
 * CommonMark that reads back as the same delta for those formats. Which URLs a link or image may have is the
 * caller's rule, passed in. Depends on {@code dev.quire.ot} and commonmark-java only.
 */
package dev.quire.markdown;
