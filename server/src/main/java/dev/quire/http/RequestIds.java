package dev.quire.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids for the logs ({@code req}) and the {@code X-Request-Id} header: a caller's (a proxy's) id is kept
 * when it is sane - 1 to 64 letters, digits, {@code . _ -} - so one id follows a request through several services;
 * anything else is replaced, so a header can neither forge log lines nor smuggle a secret into them. Stateless.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /** {@code incoming} if sane, otherwise a fresh id (16 hex digits, random). */
    static String accept(String incoming) {
        if (incoming != null && SANE.matcher(incoming).matches()) {
            return incoming;
        }
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
