package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    // The Standard Webhooks specification's own example (and its libraries' test vector).
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";

    @Test
    void header_specExample_matchesTheSpecsSignature() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                Signatures.header(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(SPEC_SECRET)));
    }

    @Tag("heavy")
    @Test
    void header_twoSecrets_areSpaceSeparatedAndEachVerifiesIndependently() throws Exception {
        Secrets secrets = new Secrets(new SecureRandom(), 32);
        String current = secrets.newSecret();
        String previous = secrets.newSecret();
        String other = secrets.newSecret();
        String body = "{\"type\":\"document.saved\",\"data\":{\"title\":\"Zoë's ✓ notes \uD83D\uDE00\"}}";
        String header = Signatures.header("msg_1", SPEC_TIMESTAMP, body, List.of(current, previous));
        assertEquals(2, header.split(" ").length);
        Map<String, String> headers = Map.of("webhook-id", "msg_1", "webhook-timestamp", "" + SPEC_TIMESTAMP,
                "webhook-signature", header);
        List<JsonNode> answers = NodeVerifier.verify(List.of(
                new NodeVerifier.Case(current, headers, body, SPEC_TIMESTAMP),
                new NodeVerifier.Case(previous, headers, body, SPEC_TIMESTAMP),
                new NodeVerifier.Case(other, headers, body, SPEC_TIMESTAMP),
                new NodeVerifier.Case(current, headers, body + " ", SPEC_TIMESTAMP)));
        assertTrue(answers.get(0).get("ok").asBoolean(), answers.get(0).toString());
        assertTrue(answers.get(1).get("ok").asBoolean(), answers.get(1).toString());
        assertFalse(answers.get(2).get("ok").asBoolean(), "a third secret must not verify");
        assertFalse(answers.get(3).get("ok").asBoolean(), "a changed body must not verify");
    }

    @Test
    void newSecret_isWhsecBase64OfTheConfiguredLength() {
        for (int bytes : new int[] {24, 32, 64}) {
            String secret = new Secrets(new SecureRandom(), bytes).newSecret();
            assertTrue(secret.startsWith("whsec_"));
            assertEquals(bytes, Base64.getDecoder().decode(secret.substring(6)).length);
        }
    }

    @Test
    void newId_isPrefixedAndUrlSafe() {
        String id = new Secrets(new SecureRandom(), 32).newId("msg_");
        assertTrue(id.matches("msg_[A-Za-z0-9_-]{22}"), id);
    }
}
