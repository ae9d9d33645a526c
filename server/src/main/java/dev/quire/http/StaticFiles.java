package dev.quire.http;

import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Serves the web client's static files from memory.
 *
 * <p>Path traversal is impossible by construction: at start the folder is read into a map from URL path to
 * bytes, and a request can only ever select an entry of that map; nothing derived from a URL reaches a file
 * system. Request paths are still decoded strictly (percent-escapes, then UTF-8, which rejects overlong forms)
 * and paths with {@code ..}, {@code .}, empty segments, backslashes or control characters are refused with 400.
 *
 * <p>{@code /} serves {@code /index.html}; so do the single-page-app routes {@code /d/{id}} (a document opened
 * by link), which the browser-side router resolves. Everything else unknown is 404. Responses carry an ETag
 * (conditional GETs answer 304), {@code X-Content-Type-Options: nosniff} and a {@code Cache-Control} that lets
 * content-hashed asset names be cached for a year and makes everything else revalidate. Thread-safe (immutable).
 */
public final class StaticFiles extends HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    /** Names we serve: plain segments only, no leading dot (no {@code .git}, {@code .env} by accident). */
    private static final Pattern SERVABLE = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9._-]*)+");
    private static final Pattern SPA_ROUTE = Pattern.compile("/d/[^/]+/?");
    /** esbuild's default content hash in entry/chunk names, e.g. {@code main-5X7QK2ZB.js}. */
    private static final Pattern HASHED = Pattern.compile(".*-[A-Z0-9]{8}\\.[a-z0-9]+");
    private static final String INDEX = "/index.html";

    private final Map<String, Asset> files;

    private record Asset(byte[] body, String contentType, String etag, String cacheControl) {
    }

    private StaticFiles(Map<String, Asset> files) {
        this.files = files;
    }

    /**
     * Reads every file below {@code folder} (e.g. {@code quire-web}) on the class path, whether it lies in a
     * directory (development) or in the jar. A missing folder gives an empty handler (404 for everything) and
     * a warning, so the API still works when the web client was not built.
     */
    public static StaticFiles fromClasspath(ClassLoader loader, String folder) throws IOException {
        URL marker = loader.getResource(folder + INDEX);
        if (marker == null) {
            log.warn("no {}{} on the class path; the web client will not be served", folder, INDEX);
            return new StaticFiles(Map.of());
        }
        try {
            if ("jar".equals(marker.getProtocol())) {
                Path jar = Path.of(((JarURLConnection) marker.openConnection()).getJarFileURL().toURI());
                try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                    return new StaticFiles(load(zip.getPath("/" + folder)));
                }
            }
            return new StaticFiles(load(Path.of(marker.toURI()).getParent()));
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + marker, e);
        }
    }

    /** Reads every file below {@code root}. */
    public static StaticFiles fromDirectory(Path root) throws IOException {
        return new StaticFiles(load(root));
    }

    /** URL paths served, e.g. {@code /index.html}, {@code /assets/main.js}; for tests and diagnostics. */
    public Set<String> paths() {
        return files.keySet();
    }

    private static Map<String, Asset> load(Path root) throws IOException {
        Map<String, Asset> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                StringBuilder name = new StringBuilder();
                for (Path part : root.relativize(file)) {
                    name.append('/').append(part);
                }
                String path = name.toString();
                if (!SERVABLE.matcher(path).matches()) {
                    continue;
                }
                byte[] body = Files.readAllBytes(file);
                files.put(path, new Asset(body, contentType(path), etag(body), cacheControl(path)));
            }
        }
        return Map.copyOf(files);
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        Method method = request.getMethod();
        if (method != Method.GET && method != Method.HEAD) {
            response.setHeader("Allow", "GET, HEAD");
            HttpProblems.send(response, 405, "Static files support GET and HEAD only.");
            return;
        }
        Optional<String> path = RequestPaths.decode(request.getRequestURI());
        if (path.isEmpty()) {
            HttpProblems.send(response, 400, "Malformed or unsafe request path.");
            return;
        }
        Asset asset = lookup(path.get());
        if (asset == null) {
            HttpProblems.send(response, 404, "No such file.");
            return;
        }
        response.setHeader("ETag", asset.etag());
        response.setHeader("Cache-Control", asset.cacheControl());
        if (asset.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setContentType(asset.contentType());
        response.setContentLength(asset.body().length);
        if (method == Method.GET) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(asset.body());
            }
        }
    }

    private Asset lookup(String path) {
        if (path.equals("/") || SPA_ROUTE.matcher(path).matches()) {
            return files.get(INDEX);
        }
        return files.get(path);
    }

    static String contentType(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "txt" -> "text/plain; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "ttf" -> "font/ttf";
            case "wasm" -> "application/wasm";
            default -> "application/octet-stream";
        };
    }

    private static String cacheControl(String path) {
        // A content-hashed name never changes meaning; anything else must be revalidated (cheap: ETag -> 304),
        // so a redeploy is picked up at the next load.
        return HASHED.matcher(path).matches() ? "public, max-age=31536000, immutable" : "no-cache";
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + HexFormat.of().formatHex(hash, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
