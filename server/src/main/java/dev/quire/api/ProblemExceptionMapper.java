package dev.quire.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quire.json.QuireJson;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Turns every exception that leaves a resource - including Jersey's own 404/405/406/415, and what an asynchronous
 * answer's stage threw - into an {@code application/problem+json} response (RFC 9457).
 *
 * <p>Client errors (4xx) keep the exception's message as {@code detail}; server errors get a generic detail and an
 * incident id that is also logged with the stack trace, so nothing internal leaks to the client. Headers the
 * status depends on ({@code Allow} of a 405, {@code Retry-After}, {@code WWW-Authenticate}) are kept.
 * Stateless and thread-safe.
 */
public final class ProblemExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        // An asynchronous answer fails with what its stage threw, wrapped: the wrapper says nothing to the client.
        if (exception instanceof CompletionException && exception.getCause() != null) {
            return toResponse(HubReplies.unwrap(exception));
        }
        if (exception instanceof ApiException api) {
            Response answer = build(Problem.of(api.status(), api.getMessage(), api.codeWire()), null);
            Long retryAfter = api.retryAfterSeconds();
            return retryAfter == null ? answer
                    : Response.fromResponse(answer).header(HttpHeaders.RETRY_AFTER, retryAfter).build();
        }
        if (exception instanceof WebApplicationException wae) {
            return fromWebApplicationException(wae);
        }
        // Raised by the Jackson provider while reading a request body: the client's mistake, as on WebSocket. Other
        // Jackson exceptions (writing an answer) are the server's.
        if (exception instanceof StreamReadException || exception instanceof StreamConstraintsException) {
            return toResponse(RequestBodies.invalidJson((JsonProcessingException) exception));
        }
        if (exception instanceof MismatchedInputException mismatch) {
            return toResponse(new ApiException(ApiError.INVALID_MESSAGE, QuireJson.describe(mismatch)));
        }
        return serverError(exception);
    }

    private Response fromWebApplicationException(WebApplicationException wae) {
        Response original = wae.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return serverError(wae);
        }
        String detail = wae.getMessage() != null ? wae.getMessage() : Problem.of(status, "").title();
        return build(Problem.of(status, detail), original);
    }

    private Response serverError(Throwable exception) {
        String incident = UUID.randomUUID().toString();
        log.error("unhandled exception in REST request, incident {}", incident, exception);
        return build(Problem.of(500, "Internal error; incident " + incident + " is in the server log."), null);
    }

    private static Response build(Problem problem, Response original) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (original != null) {
            for (String name : new String[] {HttpHeaders.ALLOW, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE}) {
                Object value = original.getHeaders().getFirst(name);
                if (value != null) {
                    builder.header(name, value);
                }
            }
        }
        return builder.build();
    }
}
