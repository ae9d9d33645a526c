package dev.quire.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import java.util.List;
import java.util.StringJoiner;

/**
 * The {@code webhook-signature} header of Standard Webhooks 1.0: {@code v1,<base64 HMAC-SHA256(secret,
 * id.timestamp.body)>}, one per secret, space-separated (two during a secret rotation, so receivers holding
 * either secret can verify). Signing is the reference library's; this class only joins signatures. Stateless.
 */
final class Signatures {

    private Signatures() {
    }

    /**
     * @param messageId the {@code webhook-id}
     * @param timestamp the {@code webhook-timestamp}, Unix seconds
     * @param body      the exact body sent
     * @param secrets   {@code whsec_...} secrets, at least one, the current one first
     */
    static String header(String messageId, long timestamp, String body, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret to sign with");
        }
        StringJoiner header = new StringJoiner(" ");
        for (String secret : secrets) {
            try {
                header.add(new Webhook(secret).sign(messageId, timestamp, body));
            } catch (WebhookSigningException e) {
                // Only when HmacSHA256 is missing from the JDK: a broken installation, not a delivery failure.
                throw new IllegalStateException("cannot sign webhooks: " + e.getMessage(), e);
            }
        }
        return header.toString();
    }
}
