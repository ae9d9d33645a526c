package dev.quire.api;

import dev.quire.collab.ErrorCode;
import dev.quire.collab.SafeUrls;
import dev.quire.markdown.MarkdownExport;
import dev.quire.ot.Delta;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Content negotiation and validators of document reads: JSON (the default), HTML ({@link HtmlExport}),
 * plain text or CommonMark ({@code markdown.MarkdownExport}), chosen by {@code Accept}; {@code ETag} is the version, quoted, so {@code If-None-Match}
 * answers 304. Stateless.
 */
final class Representations {
    static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("utf-8");
    static final MediaType TEXT = MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8");
    /** RFC 7763's type; its {@code variant} parameter names the flavour written. */
    static final MediaType MARKDOWN_TYPE = new MediaType("text", "markdown");
    static final MediaType MARKDOWN = new MediaType("text", "markdown",
            java.util.Map.of("charset", "utf-8", "variant", "CommonMark"));
    /** JSON first: it is what a client that accepts anything gets. */
    private static final List<Variant> VARIANTS = Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE,
            MediaType.TEXT_HTML_TYPE, MediaType.TEXT_PLAIN_TYPE, MARKDOWN_TYPE).build();

    private Representations() {
    }

    static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * The document at {@code version} in the representation the client accepts.
     *
     * @param json the JSON body, built only if JSON is chosen
     */
    static Response render(Request request, long version, Delta content, Supplier<String> json) {
        Variant variant = request.selectVariant(VARIANTS);
        if (variant == null) {
            throw new ApiException(ApiError.NOT_ACCEPTABLE, "this resource is available as"
                    + " application/json, text/html, text/plain or text/markdown");
        }
        EntityTag tag = etag(version);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
        }
        MediaType type = variant.getMediaType();
        Object body;
        if (type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            body = HtmlExport.toHtml(content);
            type = HTML;
        } else if (type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
            body = PlainText.of(content);
            type = TEXT;
        } else if (type.isCompatible(MARKDOWN_TYPE)) {
            body = MarkdownExport.toMarkdown(content, SafeUrls::isSafeLink, SafeUrls::isSafeImage);
            type = MARKDOWN;
        } else {
            body = json.get();
            type = MediaType.APPLICATION_JSON_TYPE;
        }
        return Response.ok(body, type).tag(tag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                // The HTML is escaped, but a browser opening it directly must not run anything regardless.
                .header("Content-Security-Policy", "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'")
                .build();
    }

    /**
     * The version a write's {@code If-Match} requires, or null when there is none (or {@code *}).
     * Versions are strong validators, so a weak ETag never matches.
     */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            throw new ApiException(ErrorCode.VERSION_CONFLICT, "If-Match " + value + " is a weak ETag; versions are strong ETags such as \"7\"");
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.VERSION_CONFLICT, "If-Match " + header.strip() + " matches no version; ETags are versions such as \"7\"");
    }
}
