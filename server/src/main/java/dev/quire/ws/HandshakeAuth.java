package dev.quire.ws;

import dev.quire.auth.Authentication;
import dev.quire.auth.Authenticator;
import dev.quire.auth.Principal;
import dev.quire.auth.Revocations;
import dev.quire.auth.Role;
import dev.quire.collab.DocumentIds;
import dev.quire.path.CanonicalPath;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a WebSocket upgrade before the connection exists: the credential comes from the {@code
 * Authorization: Bearer} header (programs) or the {@code access_token} query parameter (browsers cannot set headers
 * on a WebSocket). A path that is not exactly {@code /ws/documents/{id}} in canonical form is refused with 404
 * before the credential is looked at, a missing or invalid credential with 401, a valid one without access to the
 * document with 403 - no session is made and no document data is sent. Never logs the credential or the query
 * string.
 * Thread-safe.
 */
public final class HandshakeAuth {
    /** The query parameter browsers send their credential in. */
    public static final String QUERY_PARAMETER = "access_token";

    private static final Logger log = LoggerFactory.getLogger(HandshakeAuth.class);
    private static final String DOCUMENTS_PATH = "/ws/documents/";

    private final Authenticator authenticator;
    private final Revocations revocations;
    private final Clock clock;

    public HandshakeAuth(Authenticator authenticator, Revocations revocations, Clock clock) {
        this.authenticator = authenticator;
        this.revocations = revocations;
        this.clock = clock;
    }

    Revocations revocations() {
        return revocations;
    }

    Clock clock() {
        return clock;
    }

    /**
     * The admission of an upgrade request, or a refusal thrown to Tyrus.
     *
     * @throws HandshakeException with status 404, 401 or 403; Tyrus answers the upgrade with it and makes no session
     */
    Admission admit(HandshakeRequest request, HandshakeResponse response) throws HandshakeException {
        Optional<String> parsed = documentId(request);
        if (parsed.isEmpty()) {
            log.debug("WebSocket upgrade refused: not a canonical document path");
            throw refusal(response, 404, WsError.NON_CANONICAL_PATH.wire() + ": the path must be exactly "
                    + DOCUMENTS_PATH + "{id}, with an id of 1 to 64 letters, digits, '-' or '_'");
        }
        String documentId = parsed.get();
        Optional<String> credential;
        try {
            credential = credential(request);
        } catch (IllegalArgumentException e) {
            throw unauthorized(response, Authentication.Reason.MALFORMED, e.getMessage());
        }
        Authentication outcome = authenticator.authenticate(credential.orElse(null));
        if (outcome instanceof Authentication.Refused refused) {
            throw unauthorized(response, refused.reason(), refused.detail());
        }
        Principal principal = ((Authentication.Authenticated) outcome).principal();
        Optional<Role> role = principal.roleFor(documentId);
        if (role.isEmpty()) {
            log.debug("WebSocket upgrade refused: a {} principal has no access to document {}",
                    principal.kind().wire(), documentId);
            throw refusal(response, 403, "this credential gives no access to document " + documentId);
        }
        return new Admission(principal, documentId, role.get());
    }

    private static HandshakeException unauthorized(HandshakeResponse response, Authentication.Reason reason,
                                                   String detail) {
        log.debug("WebSocket upgrade refused: {}", reason.wire());
        HandshakeException refusal = refusal(response, 401, reason.wire() + ": " + detail);
        response.getHeaders().put("WWW-Authenticate", List.of("Bearer realm=\"quire\", error=\"invalid_token\""));
        return refusal;
    }

    /**
     * Turns the upgrade response Tyrus has prepared (101 headers already in place when {@code modifyHandshake} runs)
     * into a plain refusal: no upgrade headers, an empty body, and the connection closed, so the client sees a
     * complete HTTP answer at once instead of waiting for a body that never comes.
     */
    private static HandshakeException refusal(HandshakeResponse response, int status, String detail) {
        Map<String, List<String>> headers = response.getHeaders();
        headers.clear();
        headers.put("Content-Length", List.of("0"));
        headers.put("Connection", List.of("close"));
        headers.put("Cache-Control", List.of("no-store"));
        if (response instanceof UpgradeResponse upgrade) {
            upgrade.setReasonPhrase(switch (status) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                default -> "Not Found";
            });
        }
        return new HandshakeException(status, detail);
    }

    private static Optional<String> credential(HandshakeRequest request) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Authorization") && !header.getValue().isEmpty()) {
                return Authenticator.bearer(header.getValue().get(0));
            }
        }
        List<String> fromQuery = request.getParameterMap().get(QUERY_PARAMETER);
        return fromQuery == null || fromQuery.isEmpty() ? Optional.empty() : Optional.of(fromQuery.get(0));
    }

    /**
     * The document the upgrade names: only a request path that is exactly {@code /ws/documents/{id}}, read raw (the
     * URI's string is the request line's path, undecoded) with the one parser the front door uses too, so the id
     * authorised here is the id the endpoint serves, whatever Tyrus would have stripped or decoded to match it.
     */
    private static Optional<String> documentId(HandshakeRequest request) {
        URI uri = request.getRequestURI();
        return CanonicalPath.parse(uri == null ? null : uri.toString())
                .filter(path -> path.size() == 3 && path.startsWith("ws", "documents"))
                .map(path -> path.segment(2))
                .filter(DocumentIds::isValid);
    }
}
