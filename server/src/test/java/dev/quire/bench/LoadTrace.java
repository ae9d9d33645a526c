package dev.quire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An editing trace of the repository's server/src/test/resources/traces (gzipped {@code {"txns":[{"patches":[[pos, del, "text"], …]}, …]}}) as
 * Quill deltas, one op per patch: {@code retain(pos)}, {@code insert(text)}, {@code delete(del)}.
 */
final class LoadTrace {
    private LoadTrace() {
    }

    static LoadClient.Script read(Path file, int limit) throws IOException {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            root = new ObjectMapper().readTree(in);
        }
        List<String> deltas = new ArrayList<>();
        List<Integer> changes = new ArrayList<>();
        for (JsonNode txn : root.path("txns")) {
            for (JsonNode patch : txn.path("patches")) {
                if (deltas.size() >= limit) {
                    break;
                }
                long position = patch.get(0).asLong();
                int delete = patch.get(1).asInt();
                String text = patch.get(2).asText();
                if (delete == 0 && text.isEmpty()) {
                    continue;
                }
                StringBuilder delta = new StringBuilder("{\"ops\":[");
                String sep = "";
                if (position > 0) {
                    delta.append("{\"retain\":").append(position).append('}');
                    sep = ",";
                }
                if (!text.isEmpty()) {
                    delta.append(sep).append("{\"insert\":");
                    quote(delta, text);
                    delta.append('}');
                    sep = ",";
                }
                if (delete > 0) {
                    delta.append(sep).append("{\"delete\":").append(delete).append('}');
                }
                deltas.add(delta.append("]}").toString());
                changes.add(text.length() - delete);
            }
        }
        int[] lengthChanges = changes.stream().mapToInt(Integer::intValue).toArray();
        return new LoadClient.Script(deltas.toArray(String[]::new), lengthChanges);
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
