package dev.quire.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rows of a Markdown table in one of the docs, so a test can hold the code to what the docs promise. */
public final class DocTable {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private DocTable() {
    }

    /**
     * The cells of each row of the table whose header row is {@code header} (e.g. {@code "| code | when |"}), in
     * {@code docs/<document>}, trimmed.
     */
    public static List<List<String>> rows(String document, String header) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("..", "docs", document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf(header);
        if (start < 0) {
            throw new AssertionError("docs/" + document + " has no table headed " + header);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toList());
        }
        return rows;
    }

    /** The {@code `code`} spans of a cell. */
    public static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }
}
