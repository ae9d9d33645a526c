package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import java.util.Objects;

/**
 * A committed edit as participants are told of it: the change that turned {@code version - 1} into {@code version}.
 * The hub hands the same instance to every recipient of a broadcast, so a transport may encode it once for all.
 *
 * @param clientId the client that made it (with {@code seq}, what its author's ack names)
 * @param delta    the change as applied
 */
public record Edit(long version, String clientId, long seq, Delta delta) {
    public Edit {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(delta, "delta");
    }

    static Edit of(CommittedOp op) {
        return new Edit(op.version(), op.clientId(), op.seq(), op.delta());
    }
}
