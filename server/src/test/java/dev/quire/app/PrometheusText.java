package dev.quire.app;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be blank, a
 * {@code # HELP}/{@code # TYPE} comment, or a sample {@code name{label="value",...} value [timestamp]}; every sample
 * must belong to a family declared by a {@code # TYPE} line before it; no series may appear twice.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL
            + ")*,?)?})? (NaN|[+-]Inf|[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)(?: -?\\d+)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME
            + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP " + NAME + "(?: .*)?");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_created");

    private PrometheusText() {
    }

    /**
     * @return every series ({@code name{labels}} exactly as written, or the bare name) with its value
     * @throws AssertionError naming the first line that breaks the format
     */
    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        Set<String> families = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": '" + line + "'";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    families.add(type.group(1));
                } else if (!HELP.matcher(line).matches()) {
                    throw new AssertionError("not a HELP or TYPE comment: " + where);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a sample: " + where);
            }
            String name = sample.group(1);
            if (!families.contains(name) && SUFFIXES.stream().noneMatch(
                    s -> name.endsWith(s) && families.contains(name.substring(0, name.length() - s.length())))) {
                throw new AssertionError("sample of an undeclared family: " + where);
            }
            String key = name + (sample.group(2) == null ? "" : sample.group(2));
            if (series.put(key, Double.parseDouble(sample.group(3).replace("Inf", "Infinity"))) != null) {
                throw new AssertionError("series repeated: " + where);
            }
        }
        return series;
    }
}
