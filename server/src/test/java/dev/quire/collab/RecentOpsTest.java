package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.InMemoryDocumentStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The ops after a version, from what is kept: found from the newest end, returned oldest first, each once. */
class RecentOpsTest {
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    private static CommittedOp op(long version) {
        return new CommittedOp(version, "c", version, Delta.builder().insert("x").build(), "A", AT);
    }

    private static List<Long> versions(List<CommittedOp> ops) {
        return ops.stream().map(CommittedOp::version).toList();
    }

    private static List<Long> range(long fromExclusive, long toInclusive) {
        return LongStream.rangeClosed(fromExclusive + 1, toInclusive).boxed().toList();
    }

    @Test
    void theOpsAfterABase_anywhereInWhatIsKept_comeOldestFirst() {
        RecentOps recent = new RecentOps("d", new InMemoryDocumentStore(), 100, 1 << 20);
        for (long v = 1; v <= 250; v++) {
            recent.remember(op(v)); // keeps 151..250
        }

        assertEquals(range(150, 250), versions(recent.between(150, 250)), "from the oldest kept");
        assertEquals(range(200, 250), versions(recent.between(200, 250)));
        assertEquals(List.of(250L), versions(recent.between(249, 250)));
        assertEquals(List.of(), recent.between(250, 250));
        assertEquals(range(240, 250), versions(recent.between(240, 250, 1 << 20)));
        assertEquals(range(150, 250), versions(recent.between(150, 250, 1 << 20)));
    }
}
