package dev.quire.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.glassfish.grizzly.http.server.Request;

/**
 * Who a request counts against for rate limits. The default is the bearer credential when there is one (so
 * clients behind one address with their own tokens are limited separately) and the peer address otherwise; the
 * credential is only ever kept as a hash. Authentication (issue #7's other half) may replace it with the
 * authenticated principal.
 */
final class ClientKeys {
    private ClientKeys() {
    }

    /** {@code token:<sha-256 prefix>} for {@code Authorization: Bearer ...}, else {@code address:<peer ip>}. */
    static Function<Request, String> credentialOrAddress() {
        return request -> {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return "token:" + hash(authorization.substring(7).strip());
            }
            return "address:" + request.getRemoteAddr();
        };
    }

    private static String hash(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
