package dev.quire.collab;

import dev.quire.ot.Delta;

/** One op of a client's batch ({@link DocumentSession#submitAll}): its sequence number and its change. */
public record ClientOp(long seq, Delta delta) {
}
