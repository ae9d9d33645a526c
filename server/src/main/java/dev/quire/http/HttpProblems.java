package dev.quire.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.api.Problem;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.io.OutputStream;

/** Writes problem+json error responses from plain Grizzly handlers (outside Jersey). Thread-safe. */
final class HttpProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpProblems() {
    }

    static void send(Response response, int status, String detail) throws IOException {
        send(response, status, detail, null);
    }

    /** With a {@code code} member (an {@code api.ApiError} wire string), or none if null. */
    static void send(Response response, int status, String detail, String code) throws IOException {
        byte[] body = toJson(Problem.of(status, detail, code));
        response.setStatus(status);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }

    static byte[] toJson(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem is always serialisable", e);
        }
    }
}
