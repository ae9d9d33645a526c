package dev.quire.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the server's JFR method samples taken during the measured window: {@code jdk.ExecutionSample} (threads
 * running Java code) and {@code jdk.NativeMethodSample} (threads in native code, e.g. a socket write; those waiting
 * in epoll/park/read are dropped as idle), both every 1 ms ({@link LoadServer#startRecording}): samples by thread
 * pool, by top frame ("self"), and by method anywhere on the stack ("inclusive", for Quire and Tyrus/Grizzly code).
 * Equivalent to {@code jfr print --events jdk.ExecutionSample} aggregated by hand.
 */
final class LoadProfile {
    private LoadProfile() {
    }

    static String summarise(Path recording, int top) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            if (type.equals("jdk.NativeMethodSample") && waiting(name(stack.getFrames().get(0)))) {
                continue; // a thread parked in epoll_wait/accept/etc. is not using the CPU
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?"
                    : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "-N").replaceAll("\\(\\d+\\)", "(N)"), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (seen.add(method)) {
                    inclusive.merge(method, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("server samples (JFR jdk.ExecutionSample + busy jdk.NativeMethodSample): ").append(samples).append('\n');
        append(out, "by thread", threads, samples, top, m -> true);
        append(out, "self (top frame)", self, samples, top, m -> true);
        append(out, "inclusive, dev.quire", inclusive, samples, top, m -> m.startsWith("dev.quire."));
        append(out, "inclusive, Tyrus/Grizzly/Jackson/JDK I/O", inclusive, samples, top,
                m -> m.startsWith("org.glassfish.") || m.startsWith("com.fasterxml.") || m.startsWith("sun.nio."));
        return out.toString();
    }

    private static boolean waiting(String topFrame) {
        return topFrame.contains("EPoll.wait") || topFrame.contains(".accept") || topFrame.contains("Unsafe.park")
                || topFrame.contains("Object.wait") || topFrame.contains("Thread.sleep") || topFrame.contains(".poll")
                || topFrame.contains("socketRead") || topFrame.contains(".read0") || topFrame.contains("waitForProcessExit");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void append(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top,
                               Predicate<String> filter) {
        out.append("  ").append(title).append(":\n");
        counts.entrySet().stream().filter(e -> filter.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(java.util.Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }
}
