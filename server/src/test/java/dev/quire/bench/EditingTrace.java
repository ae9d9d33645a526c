package dev.quire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * One sequential editing trace of the {@code josephg/editing-traces} format, flattened into
 * parallel arrays of patches ({@code position, deleteCount, insertText}) so that replaying it
 * allocates nothing but what the model under test allocates.
 *
 * <p>Traces are CC BY 4.0: "editing-traces" by Joseph Gentle and contributors; automerge-paper by
 * Martin Kleppmann et al.; json-crdt-* by Vadim Dalecky.
 */
record EditingTrace(String name, int[] position, int[] deleteCount, String[] insertText, String endContent) {

    int patches() {
        return position.length;
    }

    /** Reads a {@code *.json.gz} trace; its name is the file name without {@code .json.gz}. */
    static EditingTrace read(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            root = new ObjectMapper().readTree(in);
        }
        if (!root.path("startContent").asText("").isEmpty()) {
            throw new IOException(file + ": traces starting from non-empty content are not supported");
        }
        int count = 0;
        for (JsonNode txn : root.path("txns")) {
            count += txn.path("patches").size();
        }
        int[] position = new int[count];
        int[] deleteCount = new int[count];
        String[] insertText = new String[count];
        int i = 0;
        for (JsonNode txn : root.path("txns")) {
            for (JsonNode patch : txn.path("patches")) {
                position[i] = patch.get(0).intValue();
                deleteCount[i] = patch.get(1).intValue();
                insertText[i] = patch.get(2).asText();
                i++;
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.json\\.gz$", "");
        return new EditingTrace(name, position, deleteCount, insertText, root.path("endContent").asText());
    }
}
