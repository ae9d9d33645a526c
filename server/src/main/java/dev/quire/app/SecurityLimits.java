package dev.quire.app;

import dev.quire.api.ApiSettings;
import dev.quire.collab.HubSettings;
import dev.quire.http.HttpHardening;
import dev.quire.ws.WsLimits;
import java.util.Objects;

/**
 * The abuse limits (docs/security.md) in one value, so the application takes them as one parameter. Each part belongs
 * to the package that enforces it; this record only carries them to the wiring. Immutable.
 *
 * @param webSocket           per-connection and per-address/per-document WebSocket limits
 * @param http                Origin check, security headers, REST rate limit
 * @param maxDocumentLength   longest document (UTF-16 units) an edit may produce; longer ones are refused
 *                            ({@code too_large}) and the document is untouched
 * @param maxRequestBodyBytes largest REST request body; larger ones get 413
 */
public record SecurityLimits(WsLimits webSocket, HttpHardening http, int maxDocumentLength, int maxRequestBodyBytes) {

    public SecurityLimits {
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(http, "http");
        if (maxDocumentLength < 1) {
            throw new IllegalArgumentException("maxDocumentLength must be at least 1: " + maxDocumentLength);
        }
        if (maxRequestBodyBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be at least 1024: " + maxRequestBodyBytes);
        }
    }

    /** Every part's defaults; the document length the hub's, the body size the REST API's. */
    public static SecurityLimits defaults() {
        return new SecurityLimits(WsLimits.defaults(), HttpHardening.defaults(),
                HubSettings.defaults().maxDocumentLength(), ApiSettings.defaults().maxBodyBytes());
    }

    public SecurityLimits withWebSocket(WsLimits limits) {
        return new SecurityLimits(limits, http, maxDocumentLength, maxRequestBodyBytes);
    }

    public SecurityLimits withHttp(HttpHardening hardening) {
        return new SecurityLimits(webSocket, hardening, maxDocumentLength, maxRequestBodyBytes);
    }

    public SecurityLimits withMaxDocumentLength(int length) {
        return new SecurityLimits(webSocket, http, length, maxRequestBodyBytes);
    }

    public SecurityLimits withMaxRequestBodyBytes(int bytes) {
        return new SecurityLimits(webSocket, http, maxDocumentLength, bytes);
    }
}
