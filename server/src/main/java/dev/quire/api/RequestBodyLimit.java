package dev.quire.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One body size limit for every REST request, whichever resource reads it and however it is framed: a declared
 * {@code Content-Length} over the limit is refused before anything is read, and a chunked body (no length) is
 * counted as it is read and refused the moment it passes the limit. Either way the answer is 413
 * problem+json ({@code too_large}) and the resource never sees the body. Thread-safe.
 */
@PreMatching
public final class RequestBodyLimit implements ContainerRequestFilter {
    private final long maxBytes;

    public RequestBodyLimit(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(ApiError.INVALID_MESSAGE, "Content-Length is not a number");
            }
            if (length > maxBytes) {
                throw tooLarge();
            }
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Counted(request.getEntityStream()));
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ApiError.TOO_LARGE, "the request body exceeds " + maxBytes + " bytes");
    }

    /** Counts what is read and stops at the limit with the 413. */
    private final class Counted extends FilterInputStream {
        private long read;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw tooLarge();
            }
        }
    }
}
