package dev.quire.ws;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections per client address and per document, shared by every connection of one endpoint, so that one
 * address or one document cannot take all of the server's sockets and memory. Thread-safe: a slot is taken
 * atomically against both limits and given back exactly once.
 */
final class ConnectionCounts {
    private final int maxPerAddress;
    private final int maxPerDocument;
    private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> byDocument = new ConcurrentHashMap<>();

    ConnectionCounts(int maxPerAddress, int maxPerDocument) {
        this.maxPerAddress = maxPerAddress;
        this.maxPerDocument = maxPerDocument;
    }

    /** A taken slot; {@link #release()} gives it back (idempotent). */
    final class Slot {
        private final String address;
        private final String documentId;
        private boolean released;

        private Slot(String address, String documentId) {
            this.address = address;
            this.documentId = documentId;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                decrement(byAddress, address);
                decrement(byDocument, documentId);
            }
        }
    }

    /** The answer to a connection: a slot, or (slot null) the reason it is refused. */
    record Admission(Slot slot, String refusal) {
        boolean admitted() {
            return slot != null;
        }
    }

    /** Takes a slot for a connection from {@code address} to {@code documentId}; nothing is taken if refused. */
    Admission tryAcquire(String address, String documentId) {
        if (!increment(byAddress, address, maxPerAddress)) {
            return new Admission(null, "more than " + maxPerAddress + " connections from one address");
        }
        if (!increment(byDocument, documentId, maxPerDocument)) {
            decrement(byAddress, address);
            return new Admission(null, "more than " + maxPerDocument + " connections to this document");
        }
        return new Admission(new Slot(address, documentId), null);
    }

    private static boolean increment(ConcurrentHashMap<String, AtomicInteger> counts, String key, int max) {
        boolean[] taken = {false};
        counts.compute(key, (k, count) -> {
            AtomicInteger c = count != null ? count : new AtomicInteger();
            if (c.get() < max) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    private static void decrement(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        // Entries at zero are removed, so the maps hold only addresses and documents with open connections.
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() == 0 ? null : count);
    }
}
