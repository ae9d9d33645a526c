package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.auth.Principal;
import dev.quire.auth.Role;
import dev.quire.auth.Scope;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientIdentitiesTest {
    private final ClientIdentities identities = new ClientIdentities();

    private static Principal jwtUser(String sub) {
        return new Principal(Principal.Kind.INTEGRATION_JWT, null, sub, null, null, EnumSet.of(Scope.DOCUMENTS_READ),
                Map.of(Principal.ANY_DOCUMENT, Role.EDIT), null);
    }

    @Test
    void issue_givesASecretOfTheAcceptedForm_andResumingWithItGivesTheSameId() {
        ClientIdentities.Identity issued = identities.issue(Principal.localOpen());
        assertTrue(issued.issuedSecret().matches("qc_[A-Za-z0-9_-]{43}"), issued.issuedSecret());
        assertTrue(issued.clientId().matches("c-[A-Za-z0-9_-]{22}"), issued.clientId());
        ClientIdentities.Identity resumed = identities.resume(Principal.localOpen(), issued.issuedSecret());
        assertEquals(issued.clientId(), resumed.clientId());
        assertNull(resumed.issuedSecret(), "a presented secret is not sent back");
    }

    @Test
    void issue_twice_givesDifferentSecretsAndIds() {
        ClientIdentities.Identity a = identities.issue(Principal.localOpen());
        ClientIdentities.Identity b = identities.issue(Principal.localOpen());
        assertNotEquals(a.issuedSecret(), b.issuedSecret());
        assertNotEquals(a.clientId(), b.clientId());
    }

    @Test
    void resume_sameSecretForAnotherHolder_givesAnotherId_butARenewedTokenOfTheSameUserTheSame() {
        String secret = identities.issue(jwtUser("ada")).issuedSecret();
        String ada = identities.resume(jwtUser("ada"), secret).clientId();
        assertEquals(ada, identities.resume(jwtUser("ada"), secret).clientId());
        assertNotEquals(ada, identities.resume(jwtUser("mallory"), secret).clientId());
        assertNotEquals(ada, identities.resume(Principal.admin(), secret).clientId());
    }

    @Test
    void resume_malformedSecret_isRefusedWithAPreciseMessage() {
        for (String bad : new String[] {"c-guessed", "qc_short", "qc_" + "A".repeat(44), "qs_" + "A".repeat(43),
                "qc_" + "A".repeat(42) + "="}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> identities.resume(Principal.localOpen(), bad), bad);
            assertTrue(e.getMessage().startsWith("\"clientSecret\" must be the secret of an earlier welcome"));
        }
    }
}
