package dev.quire.auth;

import java.util.Objects;

/** The outcome of presenting a credential: a {@link Principal}, or why not. */
public sealed interface Authentication {

    /** The credential is good. */
    record Authenticated(Principal principal) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The credential is refused. {@code detail} is written for the client and never contains the credential.
     */
    record Refused(Reason reason, String detail) implements Authentication {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a credential was refused; each has a fixed wire string (REST {@code code}, WebSocket close reasons). */
    enum Reason {
        /** Auth is required and nothing was presented. */
        MISSING("credential_missing"),
        /** Something was presented that is not a credential of any kind (bad header, JWT that does not parse). */
        MALFORMED("credential_malformed"),
        /** A well-formed credential this server does not know. */
        UNKNOWN("credential_unknown"),
        /** An API token or share link that was revoked. */
        REVOKED("credential_revoked"),
        /** The credential's expiry has passed (or a JWT is not valid yet). */
        EXPIRED("credential_expired"),
        /** A JWT whose signature does not verify with any configured key. */
        BAD_SIGNATURE("credential_bad_signature");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
