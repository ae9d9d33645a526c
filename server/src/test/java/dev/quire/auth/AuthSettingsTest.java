package dev.quire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
    private static final String ADMIN = "admin-secret-admin-secret-admin-secret";

    @Test
    void checkBind_loopbackWithoutAuth_isAllowedQuietly() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertEquals(Optional.empty(), AuthSettings.defaults().checkBind(host), host);
        }
    }

    @Test
    void checkBind_nonLoopbackWithoutAuth_isRefusedNamingTheSettings() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            AuthSettings.InsecureBindException e = assertThrows(AuthSettings.InsecureBindException.class,
                    () -> AuthSettings.defaults().checkBind(host), host);
            assertTrue(e.getMessage().contains("QUIRE_ADMIN_TOKEN"), e.getMessage());
            assertTrue(e.getMessage().contains("QUIRE_OPEN_ACCESS"), e.getMessage());
        }
    }

    @Test
    void checkBind_nonLoopbackWithAuth_isAllowed() {
        assertEquals(Optional.empty(), AuthSettings.defaults().withAdminToken(ADMIN).checkBind("0.0.0.0"));
        assertEquals(Optional.empty(),
                AuthSettings.defaults().withJwtHmacSecret(Jwts.HMAC_SECRET).checkBind("0.0.0.0"));
    }

    @Test
    void checkBind_nonLoopbackOpenOnPurpose_isAllowedWithAWarning() {
        Optional<String> warning = AuthSettings.defaults().withOpenAccess(true).checkBind("0.0.0.0");
        assertTrue(warning.orElseThrow().contains("OPEN ACCESS"));
    }

    @Test
    void shortSecrets_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> AuthSettings.defaults().withAdminToken("short"));
        assertThrows(IllegalArgumentException.class, () -> AuthSettings.defaults().withJwtHmacSecret("short"));
    }

    @Test
    void toString_neverShowsASecret() {
        String text = AuthSettings.defaults().withAdminToken(ADMIN).withJwtHmacSecret(Jwts.HMAC_SECRET).toString();
        assertFalse(text.contains(ADMIN));
        assertFalse(text.contains(Jwts.HMAC_SECRET));
    }
}
