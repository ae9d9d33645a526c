package dev.quire.ot.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.Delta;
import dev.quire.ot.JsonValues;
import dev.quire.json.DeltaJsonModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One operation of the Delta algebra with its inputs, run by the Java OT and, as a JSON line
 * ({@code {"op":"transform","a":…,"b":…,"priority":true}}), by quill-delta in {@code oracle.mjs}.
 *
 * @param a        the delta the operation is called on
 * @param b        its delta argument ({@code b}, or {@code base} for invert), or null
 * @param number   {@code index} of transformPosition, {@code start} of slice
 * @param end      {@code end} of slice
 * @param priority of transform and transformPosition
 */
record DifferentialCase(Operation operation, Delta a, Delta b, int number, int end, boolean priority) {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new DeltaJsonModule());

    /** The operations compared, with quill-delta's method name and argument names. */
    enum Operation {
        COMPOSE("compose", "b"),
        TRANSFORM("transform", "b", "priority"),
        TRANSFORM_POSITION("transformPosition", "index", "priority"),
        INVERT("invert", "base"),
        DIFF("diff", "b"),
        SLICE("slice", "start", "end"),
        CONCAT("concat", "b"),
        LENGTH("length"),
        CHANGE_LENGTH("changeLength");

        final String jsName;
        final List<String> arguments;

        Operation(String jsName, String... arguments) {
            this.jsName = jsName;
            this.arguments = List.of(arguments);
        }

        static Operation ofJsName(String name) {
            for (Operation operation : values()) {
                if (operation.jsName.equals(name)) {
                    return operation;
                }
            }
            throw new IllegalArgumentException("unknown operation " + name);
        }
    }

    static DifferentialCase of(Operation operation, Delta a, Delta b) {
        return new DifferentialCase(operation, a, b, 0, 0, false);
    }

    /** Runs the Java implementation: a {@link Delta} or an {@link Integer}. */
    Object runJava() {
        return switch (operation) {
            case COMPOSE -> a.compose(b);
            case TRANSFORM -> a.transform(b, priority);
            case TRANSFORM_POSITION -> a.transformPosition(number, priority);
            case INVERT -> a.invert(b);
            case DIFF -> a.diff(b);
            case SLICE -> a.slice(number, end);
            case CONCAT -> a.concat(b);
            case LENGTH -> a.length();
            case CHANGE_LENGTH -> a.changeLength();
        };
    }

    /** The JSON line for the oracle. Written as text, not as a tree, so deltas keep their exact JSON form. */
    String toJsonLine() {
        try {
            StringBuilder line = new StringBuilder("{\"op\":\"").append(operation.jsName).append("\",\"a\":")
                    .append(MAPPER.writeValueAsString(a));
            for (String argument : operation.arguments) {
                line.append(",\"").append(argument).append("\":").append(switch (argument) {
                    case "b", "base" -> MAPPER.writeValueAsString(b);
                    case "index", "start" -> String.valueOf(number);
                    case "end" -> String.valueOf(end);
                    default -> String.valueOf(priority);
                });
            }
            return line.append('}').toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a hand-written case in the oracle's input form; its deltas must already be in normal form. */
    static DifferentialCase fromJson(String json) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        Operation operation = Operation.ofJsName(node.path("op").asText());
        Delta a = delta(node, "a");
        Delta b = null;
        int number = 0;
        int end = 0;
        boolean priority = false;
        for (String argument : operation.arguments) {
            switch (argument) {
                case "b", "base" -> b = delta(node, argument);
                case "index", "start" -> number = node.get(argument).intValue();
                case "end" -> end = node.get(argument).intValue();
                default -> priority = node.get(argument).booleanValue();
            }
        }
        return new DifferentialCase(operation, a, b, number, end, priority);
    }

    private static Delta delta(JsonNode node, String key) throws IOException {
        Delta delta = MAPPER.treeToValue(node.get(key), Delta.class);
        // Java normalises what it reads, quill-delta does not: both must see the same ops.
        // Through text, not valueToTree: a tree holds an escaped lone surrogate as a raw value.
        String written = MAPPER.writeValueAsString(delta);
        if (!asJsonValue(MAPPER.readTree(written)).equals(asJsonValue(node.get(key)))) {
            throw new IllegalArgumentException("\"" + key + "\" is not in normal form: " + node.get(key)
                    + " reads as " + written);
        }
        return delta;
    }

    /**
     * Compares Java's outcome with quill-delta's {@code answer}; null when they agree, else a
     * report with the input and both outcomes as JSON. Results compare as JSON values (object key
     * order ignored; 1 and 1.0 equal, as in JavaScript). Both throwing counts as agreement when
     * Java throws {@link IllegalArgumentException} or {@link UnsupportedOperationException}, the
     * algebra's documented refusals; any other Java exception is a bug.
     */
    String difference(JsonNode answer) {
        Object javaResult;
        try {
            javaResult = runJava();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return answer.has("error") ? null : report(answer, "threw " + e);
        } catch (RuntimeException | StackOverflowError e) {
            return report(answer, "threw an unexpected " + stackTrace(e));
        }
        String javaJson;
        try {
            javaJson = MAPPER.writeValueAsString(javaResult);
            if (answer.has("result") && asJsonValue(MAPPER.readTree(javaJson)).equals(asJsonValue(answer.get("result")))) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report(answer, javaJson);
    }

    private String report(JsonNode answer, String java) {
        String quill = answer.has("result") ? answer.get("result").toString() : "threw Error: " + answer.path("error").asText();
        return operation.jsName + " differs from quill-delta " + NodeOracle.QUILL_DELTA_VERSION + "\n"
                + "  input:       " + toJsonLine() + "\n"
                + "  quill-delta: " + quill + "\n"
                + "  Java:        " + java;
    }

    private static Object asJsonValue(JsonNode node) throws IOException {
        return JsonValues.normalize(MAPPER.treeToValue(node, Object.class));
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
