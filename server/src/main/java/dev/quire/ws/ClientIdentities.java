package dev.quire.ws;

import dev.quire.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Client identities that cannot be claimed by someone else. A client id keys exactly-once (the hub takes an op whose
 * (client id, seq) is committed for a resend), and everyone in a document sees everyone's id, so an id the client
 * chose could be taken over by any other editor: joining with it and committing its next seqs first would make the
 * victim's ops "acknowledged" but never applied. Instead the server hands out a random secret with the first
 * welcome, and the public id is a hash of it and of who holds the connection's credential: resuming under an id means
 * presenting its secret with the same credential holder (so a leaked secret is of no use to anyone else with access
 * to the document), and an id reveals nothing of the secret. No state is kept — the id follows from the secret and
 * the holder — so a resume works across restarts. Without auth everyone is the same holder and the secret alone
 * proves the id.
 *
 * <p>Thread-safe.
 */
final class ClientIdentities {
    /** What a client secret looks like: {@code qc_} and 32 random bytes in base64url, as the server issues them. */
    private static final Pattern SECRET = Pattern.compile("qc_[A-Za-z0-9_-]{43}");
    private static final String SECRET_PREFIX = "qc_";
    private static final String ID_PREFIX = "c-";
    /** 128 bits of the hash: as hard to find a secret for as the secret is to guess. */
    private static final int ID_BYTES = 16;

    /**
     * A client's identity on a connection.
     *
     * @param clientId the public id (in presence, ops, acks of others)
     * @param issuedSecret the secret just made for a client that came without one, to be sent in its welcome; null
     *                     when the client presented its secret
     */
    record Identity(String clientId, String issuedSecret) {
    }

    private final SecureRandom random = new SecureRandom();

    /** A new identity for a connection of {@code holder}: a fresh secret and its id. */
    Identity issue(Principal holder) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Identity(idOf(holder, secret), secret);
    }

    /**
     * The identity a presented secret proves for a connection of {@code holder}.
     *
     * @throws IllegalArgumentException if it does not look like a secret this server issues
     */
    Identity resume(Principal holder, String secret) {
        if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("\"clientSecret\" must be the secret of an earlier welcome (qc_ and 43"
                    + " characters of base64url); send no secret to get a new identity");
        }
        return new Identity(idOf(holder, secret), null);
    }

    /**
     * The holder of a credential as far as identities go: the same for every credential of one JWT user (a renewed
     * token resumes), one API token, one share link, the admin secret, or everyone on a server without auth.
     */
    static String holderOf(Principal principal) {
        String who = principal.userId() != null ? principal.userId()
                : principal.credentialId() != null ? principal.credentialId() : "";
        return principal.kind().wire() + ":" + who;
    }

    static String idOf(Principal holder, String secret) {
        try {
            // The secret is of fixed length and alphabet, so no other (holder, secret) pair gives this input.
            byte[] input = (holderOf(holder) + "\n" + secret).getBytes(StandardCharsets.UTF_8);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(input);
            return ID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, ID_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
