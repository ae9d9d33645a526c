package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.collab.ErrorCode;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What an asynchronous answer's stage throws reaches the mapper wrapped; the client sees what was thrown. */
class ProblemExceptionMapperTest {
    private final ProblemExceptionMapper mapper = new ProblemExceptionMapper();

    @Test
    void anExceptionThrownInsideACompletion_isAnsweredAsIfThrownDirectly() {
        ApiException thrown = new ApiException(ErrorCode.DOCUMENT_NOT_FOUND, "no document d");
        Response direct = mapper.toResponse(thrown);
        Response wrapped = mapper.toResponse(new CompletionException(new CompletionException(thrown)));
        assertEquals(404, wrapped.getStatus());
        assertEquals(direct.getMediaType(), wrapped.getMediaType());
        assertEquals(direct.getEntity(), wrapped.getEntity());
    }
}
