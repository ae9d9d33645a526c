package dev.quire.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quire.testkit.WsTestClient;

/** JSON string quoting for test request bodies. */
final class WsJson {
    private WsJson() {
    }

    static String quote(String s) {
        try {
            return WsTestClient.JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
