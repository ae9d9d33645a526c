package dev.quire.http;

import dev.quire.metrics.QuireMetrics;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter in Prometheus text format, for a Prometheus server to scrape. A plain Grizzly
 * handler rather than a Jersey resource: the answer is one string with a fixed media type, and a scrape is then
 * not itself counted as a REST request. Thread-safe.
 */
public final class MetricsHandler extends HttpHandler {

    private final QuireMetrics metrics;

    public MetricsHandler(QuireMetrics metrics) {
        super("metrics");
        this.metrics = metrics;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getMethod() != Method.GET && request.getMethod() != Method.HEAD) {
            response.setHeader("Allow", "GET, HEAD");
            HttpProblems.send(response, 405, "Only GET and HEAD are allowed on /metrics.");
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(QuireMetrics.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        if (request.getMethod() == Method.GET) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }
}
