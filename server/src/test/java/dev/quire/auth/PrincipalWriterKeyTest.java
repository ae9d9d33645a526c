package dev.quire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whom a principal's writes count against for the per-credential write budget. */
class PrincipalWriterKeyTest {
    private static Principal of(Principal.Kind kind, String credentialId, String userId) {
        return new Principal(kind, credentialId, userId, null, null, Set.of(Scope.DOCUMENTS_WRITE),
                Map.of(Principal.ANY_DOCUMENT, Role.EDIT), null);
    }

    @Test
    void writerKey_isTheGrantTheSubjectOrTheAdmin_andNoneWithoutAuthentication() {
        assertEquals("tok_1", of(Principal.Kind.API_TOKEN, "tok_1", null).writerKey());
        assertEquals("link_1", of(Principal.Kind.SHARE_LINK, "link_1", null).writerKey());
        assertEquals("jwt:user-42", of(Principal.Kind.INTEGRATION_JWT, null, "user-42").writerKey());
        assertEquals("admin", Principal.admin().writerKey());
        assertNull(Principal.localOpen().writerKey());
        assertNotEquals(of(Principal.Kind.INTEGRATION_JWT, null, "tok_1").writerKey(),
                of(Principal.Kind.API_TOKEN, "tok_1", null).writerKey(), "a JWT subject cannot pose as a token");
    }
}
