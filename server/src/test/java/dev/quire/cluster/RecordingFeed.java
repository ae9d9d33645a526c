package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A feed listener that keeps what it is told, for tests to await. */
final class RecordingFeed implements FeedListener {
    record Received(String documentId, List<CommittedOp> ops) {
    }

    final List<Received> batches = new CopyOnWriteArrayList<>();
    final List<String> heads = new CopyOnWriteArrayList<>();
    final AtomicInteger resyncs = new AtomicInteger();

    @Override
    public void committed(String documentId, List<CommittedOp> ops) {
        batches.add(new Received(documentId, ops));
    }

    @Override
    public void head(String documentId, long version) {
        heads.add(documentId + " " + version);
    }

    @Override
    public void resync() {
        resyncs.incrementAndGet();
    }
}
