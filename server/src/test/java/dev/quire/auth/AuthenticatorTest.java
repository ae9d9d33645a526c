package dev.quire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String ADMIN = "admin-secret-admin-secret-admin-secret";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryAccessGrantStore store = new InMemoryAccessGrantStore();
    private final AccessGrants grants = new AccessGrants(store, clock, new Revocations());

    private Authenticator authenticator(AuthSettings settings) {
        return new Authenticator(settings, grants, clock);
    }

    private static Principal principal(Authentication outcome) {
        return assertInstanceOf(Authentication.Authenticated.class, outcome).principal();
    }

    private static Authentication.Reason refusal(Authentication outcome) {
        return assertInstanceOf(Authentication.Refused.class, outcome).reason();
    }

    @Test
    void nothingConfigured_noCredential_isALocalUserWhoMayDoEverything() {
        Principal p = principal(authenticator(AuthSettings.defaults()).authenticate(null));
        assertEquals(Principal.Kind.LOCAL_OPEN, p.kind());
        assertTrue(p.has(Scope.ADMIN));
        assertTrue(p.mayEdit("anything"));
    }

    @Test
    void authConfigured_noCredential_isRefusedAsMissing() {
        assertEquals(Authentication.Reason.MISSING,
                refusal(authenticator(AuthSettings.defaults().withAdminToken(ADMIN)).authenticate("")));
    }

    @Test
    void adminSecret_isTheAdmin_andAWrongOneIsUnknown() {
        Authenticator auth = authenticator(AuthSettings.defaults().withAdminToken(ADMIN));
        assertEquals(Principal.Kind.ADMIN, principal(auth.authenticate(ADMIN)).kind());
        assertEquals(Authentication.Reason.UNKNOWN, refusal(auth.authenticate(ADMIN + "x")));
    }

    @Test
    void apiToken_limitedToDocumentsAndScopes() {
        Authenticator auth = authenticator(AuthSettings.defaults().withAdminToken(ADMIN));
        AccessGrants.Issued issued = grants.issueApiToken("ci", Set.of(Scope.DOCUMENTS_READ), Set.of("d1"), null);
        assertTrue(issued.secret().startsWith("qt_"));
        assertFalse(store.find(issued.grant().id()).orElseThrow().secretHash().contains(issued.secret()));
        Principal p = principal(auth.authenticate(issued.secret()));
        assertEquals(Optional.of(Role.VIEW), p.roleFor("d1"), "read scope only: view, never edit");
        assertEquals(Optional.empty(), p.roleFor("d2"), "outside its documents");
        assertFalse(p.has(Scope.WEBHOOKS_MANAGE));
        assertFalse(p.mayEditAnyDocument());
    }

    @Test
    void apiToken_revokedOrExpiredOrUnknown_isRefusedPrecisely() {
        Authenticator auth = authenticator(AuthSettings.defaults());
        AccessGrants.Issued revoked = grants.issueApiToken("a", Set.of(Scope.DOCUMENTS_READ), Set.of(), null);
        grants.revoke(revoked.grant().id());
        AccessGrants.Issued expired = grants.issueApiToken("b", Set.of(Scope.DOCUMENTS_READ), Set.of(), NOW);
        assertEquals(Authentication.Reason.REVOKED, refusal(auth.authenticate(revoked.secret())));
        assertEquals(Authentication.Reason.EXPIRED, refusal(auth.authenticate(expired.secret())));
        assertEquals(Authentication.Reason.UNKNOWN, refusal(auth.authenticate("qt_nope")));
    }

    @Test
    void grantsStoredBeforeAStart_areKnown_andACheckNeverReadsTheStore() {
        AccessGrants.Issued token = grants.issueApiToken("a", Set.of(Scope.DOCUMENTS_READ), Set.of(), null);
        AccessGrants.Issued link = grants.issueShareLink("d1", Role.EDIT, "", Principal.admin());
        grants.revoke(link.grant().id());
        // A restart: the grants are read once, then the store may be as slow as it likes - a check never asks it.
        AccessGrantStore unreadable = new NoLookupsBySecret(store);
        AccessGrants restarted = new AccessGrants(unreadable, clock, new Revocations());
        Authenticator auth = new Authenticator(AuthSettings.defaults(), restarted, clock);
        assertEquals(token.grant().id(), principal(auth.authenticate(token.secret())).credentialId());
        assertEquals(Authentication.Reason.REVOKED, refusal(auth.authenticate(link.secret())));
        assertEquals(Authentication.Reason.UNKNOWN, refusal(auth.authenticate("qt_nope")));
    }

    @Test
    void aRevocation_isRefusedFromTheMomentItIsStored() {
        Authenticator auth = authenticator(AuthSettings.defaults());
        AccessGrants.Issued link = grants.issueShareLink("d1", Role.VIEW, "", Principal.admin());
        assertEquals(Optional.of(Role.VIEW), principal(auth.authenticate(link.secret())).roleFor("d1"));
        grants.revoke(link.grant().id());
        assertEquals(Authentication.Reason.REVOKED, refusal(auth.authenticate(link.secret())));
    }

    /** A store that fails every lookup by secret: what the authenticator must never need. */
    private record NoLookupsBySecret(AccessGrantStore inner) implements AccessGrantStore {
        @Override
        public void create(AccessGrant grant) {
            inner.create(grant);
        }

        @Override
        public Optional<AccessGrant> findBySecretHash(String secretHash) {
            throw new AssertionError("a credential check read the store");
        }

        @Override
        public Optional<AccessGrant> find(String id) {
            return inner.find(id);
        }

        @Override
        public List<AccessGrant> list(AccessGrant.Kind kind, String documentId) {
            return inner.list(kind, documentId);
        }

        @Override
        public Optional<AccessGrant> revoke(String id, Instant at) {
            return inner.revoke(id, at);
        }
    }

    @Test
    void shareLink_givesItsRoleOnItsDocumentOnly() {
        Authenticator auth = authenticator(AuthSettings.defaults().withAdminToken(ADMIN));
        Principal viewer = principal(auth.authenticate(grants.issueShareLink("d1", Role.VIEW, "", Principal.admin())
                .secret()));
        Principal editor = principal(auth.authenticate(grants.issueShareLink("d1", Role.EDIT, "", Principal.admin())
                .secret()));
        assertEquals(Principal.Kind.SHARE_LINK, viewer.kind());
        assertEquals(Optional.of(Role.VIEW), viewer.roleFor("d1"));
        assertEquals(Optional.of(Role.EDIT), editor.roleFor("d1"));
        assertEquals(Optional.empty(), editor.roleFor("d2"));
    }

    @Test
    void revoking_tellsSubscribersOnce() {
        Revocations revocations = new Revocations();
        AccessGrants withListeners = new AccessGrants(store, clock, revocations);
        AccessGrants.Issued link = withListeners.issueShareLink("d1", Role.VIEW, "", Principal.admin());
        int[] calls = new int[1];
        revocations.subscribe(link.grant().id(), () -> calls[0]++);
        withListeners.revoke(link.grant().id());
        withListeners.revoke(link.grant().id());
        assertEquals(1, calls[0]);
    }

    @Test
    void subscribingAfterARevocation_isToldAtOnce() {
        Revocations revocations = new Revocations();
        AccessGrants withListeners = new AccessGrants(store, clock, revocations);
        AccessGrants.Issued link = withListeners.issueShareLink("d1", Role.EDIT, "", Principal.admin());
        withListeners.revoke(link.grant().id());
        int[] calls = new int[1];
        revocations.subscribe(link.grant().id(), () -> calls[0]++).close();
        assertEquals(1, calls[0], "a session admitted just before the revocation still closes");
    }

    @Test
    void hs256Jwt_namesTheUserAndTheirDocuments() {
        Authenticator auth = authenticator(AuthSettings.defaults().withJwtHmacSecret(Jwts.HMAC_SECRET));
        String jwt = Jwts.hs256(Jwts.claims("u-42", NOW.plusSeconds(60), Map.of("d1", "edit", "*", "view"))
                .claim("name", "Ada").claim("color", "#112233").build(), Jwts.HMAC_SECRET);
        Principal p = principal(auth.authenticate(jwt));
        assertEquals(Principal.Kind.INTEGRATION_JWT, p.kind());
        assertEquals("u-42", p.userId());
        assertEquals("Ada", p.name());
        assertEquals("#112233", p.color());
        assertEquals(Optional.of(Role.EDIT), p.roleFor("d1"));
        assertEquals(Optional.of(Role.VIEW), p.roleFor("other"));
        assertEquals(NOW.plusSeconds(60).plus(JwtRules.DEFAULT_CLOCK_SKEW), p.expiresAt(), "exp plus the leeway");
    }

    @Test
    void jwt_expiredTamperedWrongKeyOrWithoutExp_isRefused() {
        Authenticator auth = authenticator(AuthSettings.defaults().withJwtHmacSecret(Jwts.HMAC_SECRET));
        Map<String, Object> docs = Map.of("d1", "edit");
        String expired = Jwts.hs256(Jwts.claims("u", NOW.minus(JwtRules.DEFAULT_CLOCK_SKEW), docs).build(),
                Jwts.HMAC_SECRET);
        assertEquals(Authentication.Reason.EXPIRED, refusal(auth.authenticate(expired)));

        String good = Jwts.hs256(Jwts.claims("u", NOW.plusSeconds(60), docs).build(), Jwts.HMAC_SECRET);
        String[] parts = good.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                Jwts.claims("u", NOW.plusSeconds(60), Map.of("*", "edit")).build().toString().getBytes());
        assertEquals(Authentication.Reason.BAD_SIGNATURE,
                refusal(auth.authenticate(parts[0] + "." + forged + "." + parts[2])));
        String otherKey = Jwts.hs256(Jwts.claims("u", NOW.plusSeconds(60), docs).build(),
                "another-secret-of-at-least-32-bytes-long");
        assertEquals(Authentication.Reason.BAD_SIGNATURE, refusal(auth.authenticate(otherKey)));
        String noExp = Jwts.hs256(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("u").claim("docs", docs)
                .build(), Jwts.HMAC_SECRET);
        assertEquals(Authentication.Reason.MALFORMED, refusal(auth.authenticate(noExp)));
        String admin = Jwts.hs256(Jwts.claims("u", NOW.plusSeconds(60), docs).claim("scope", "admin").build(),
                Jwts.HMAC_SECRET);
        assertEquals(Authentication.Reason.MALFORMED, refusal(auth.authenticate(admin)));
        // An unsigned token ("alg": "none") is not a signed JWT at all.
        assertEquals(Authentication.Reason.MALFORMED, refusal(auth.authenticate(
                "eyJhbGciOiJub25lIn0." + forged + ".")));
    }

    @Test
    void jwt_whenNoKeyIsConfigured_isUnknown() {
        String jwt = Jwts.hs256(Jwts.claims("u", NOW.plusSeconds(60), Map.of("d1", "edit")).build(),
                Jwts.HMAC_SECRET);
        assertEquals(Authentication.Reason.UNKNOWN,
                refusal(authenticator(AuthSettings.defaults().withAdminToken(ADMIN)).authenticate(jwt)));
    }

    @Test
    void rs256Jwt_verifiesWithAPemPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path pem = pem(pair, "rsa.pem");
        Authenticator auth = authenticator(AuthSettings.defaults().withJwtPublicKeyFiles(List.of(pem)));
        String jwt = Jwts.rs256(Jwts.claims("u", NOW.plusSeconds(60), Map.of("d1", "view")).build(),
                pair.getPrivate(), null);
        assertEquals(Optional.of(Role.VIEW), principal(auth.authenticate(jwt)).roleFor("d1"));
        KeyPair other = generator.generateKeyPair();
        assertEquals(Authentication.Reason.BAD_SIGNATURE, refusal(auth.authenticate(Jwts.rs256(
                Jwts.claims("u", NOW.plusSeconds(60), Map.of("d1", "view")).build(), other.getPrivate(), null))));
    }

    @Test
    void eddsaJwt_verifiesWithAJwksFile() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        Path jwks = dir.resolve("keys.json");
        Files.writeString(jwks, "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k1\",\"x\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\"}]}");
        Authenticator auth = authenticator(AuthSettings.defaults().withJwksFile(jwks));
        String jwt = Jwts.eddsa(Jwts.claims("u", NOW.plusSeconds(60), Map.of("d1", "edit")).build(),
                pair.getPrivate());
        assertEquals(Optional.of(Role.EDIT), principal(auth.authenticate(jwt)).roleFor("d1"));
        String tampered = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(Authentication.Reason.BAD_SIGNATURE, refusal(auth.authenticate(tampered)));
    }

    @Test
    void unreadableKeyFile_failsAtConstructionNamingIt() {
        Path missing = dir.resolve("missing.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> authenticator(AuthSettings.defaults().withJwtPublicKeyFiles(List.of(missing))));
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    }

    @Test
    void bearer_parsesTheHeaderAndRefusesOtherSchemes() {
        assertEquals(Optional.of("abc"), Authenticator.bearer("Bearer abc"));
        assertEquals(Optional.of("abc"), Authenticator.bearer("bearer   abc "));
        assertEquals(Optional.empty(), Authenticator.bearer(null));
        assertThrows(IllegalArgumentException.class, () -> Authenticator.bearer("Basic dXNlcjpwYXNz"));
        assertThrows(IllegalArgumentException.class, () -> Authenticator.bearer("Bearer "));
    }

    private Path pem(KeyPair pair, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return file;
    }
}
