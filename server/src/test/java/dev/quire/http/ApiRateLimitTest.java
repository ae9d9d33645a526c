package dev.quire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.app.SecurityLimits;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST rate limit with authentication on (real server, real HTTP): a request counts against its address until
 * its credential is verified, and against its principal after. So made-up credentials - a fresh one per request -
 * share their address's budget and are refused before they cost a lookup once it is spent, while verified clients
 * behind one address have budgets of their own. All clients here share 127.0.0.1.
 */
class ApiRateLimitTest {
    private static final int BURST = 5;
    private static final String ADMIN = "an-admin-secret-of-at-least-32-characters";
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TestServer server;

    @BeforeEach
    void start() {
        // One token every 100 s: nothing refills while a test runs, whatever the machine's speed.
        server = TestServer.start(SecurityLimits.defaults().withHttp(HttpHardening.defaults().withApiRate(0.01, BURST)),
                AuthSettings.defaults().withAdminToken(ADMIN).withJwtHmacSecret(Jwts.HMAC_SECRET));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String credential) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(10));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A new JWT for {@code user}: a different string each time (its own {@code jti}). */
    private static String jwt(String user) {
        return Jwts.hs256(Jwts.claims(user, Instant.now().plusSeconds(600), Map.of("*", "edit"))
                .jwtID(UUID.randomUUID().toString()).build(), Jwts.HMAC_SECRET);
    }

    private static String madeUpToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "qt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void assertRateLimited(HttpResponse<String> response) throws IOException {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("rate_limited", WsTestClient.JSON.readTree(response.body()).get("code").asText());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
    }

    @Test
    void freshRandomBearerEachRequest_sharesTheAddressBudget_andIsRefusedOnceItIsSpent() throws IOException {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < BURST; i++) {
            assertEquals(401, get("/api/documents", madeUpToken(random)).statusCode(),
                    "request " + i + " is looked up and refused");
        }
        for (int i = 0; i < 3; i++) {
            assertRateLimited(get("/api/documents", madeUpToken(random)));
        }
        assertRateLimited(get("/api/documents", null));
        assertRateLimited(get("/api/documents", "not-even-a-token"));
    }

    @Test
    void twoPrincipals_fromOneAddress_haveSeparateBudgets() throws IOException {
        String ada = jwt("ada");
        for (int i = 0; i < BURST; i++) {
            assertEquals(200, get("/api/documents", ada).statusCode(), "ada's request " + i);
        }
        assertRateLimited(get("/api/documents", ada));
        assertRateLimited(get("/api/documents", jwt("ada")));
        assertEquals(200, get("/api/documents", jwt("bob")).statusCode(), "bob has a budget of his own");
        assertEquals(200, get("/api/documents", ADMIN).statusCode(), "and so has the admin");
        // Verified requests gave their address its tokens back: the address's budget is whole.
        for (int i = 0; i < BURST; i++) {
            assertEquals(401, get("/api/documents", null).statusCode(), "anonymous request " + i);
        }
        assertRateLimited(get("/api/documents", null));
    }

    @Test
    void principal_isLimitedAsOne_whateverCredentialStringItPresents() throws IOException {
        // A JWT per request for the same user is the same principal; only the first BURST pass.
        for (int i = 0; i < BURST; i++) {
            assertEquals(200, get("/api/documents", jwt("carol")).statusCode(), "request " + i);
        }
        assertRateLimited(get("/api/documents", jwt("carol")));
    }
}
