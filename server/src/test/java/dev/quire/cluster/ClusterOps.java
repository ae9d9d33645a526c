package dev.quire.cluster;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Committed ops for the cluster tests: version {@code v} inserts the text "v" at the start. */
final class ClusterOps {
    private ClusterOps() {
    }

    static CommittedOp op(long version) {
        return new CommittedOp(version, "client-" + (version % 3), version, Delta.ofText("v" + version), "Ada",
                Instant.parse("2026-12-06T10:00:00Z").plusMillis(version));
    }

    /** Versions {@code from..to}, both included. */
    static List<CommittedOp> ops(long from, long to) {
        List<CommittedOp> ops = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            ops.add(op(v));
        }
        return ops;
    }

    static List<Long> versions(List<CommittedOp> ops) {
        return ops.stream().map(CommittedOp::version).toList();
    }
}
