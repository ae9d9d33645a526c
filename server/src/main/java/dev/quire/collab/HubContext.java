package dev.quire.collab;

import dev.quire.cluster.OpFeed;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every open document of a server shares: the store, the threads, the clock, the settings, the write budget
 * (a writer's budget spans documents), what saves and deletes announce, and where the edit path reports.
 *
 * @param pool    runs the documents' sequences
 * @param storeIo runs the blocking store calls (loads, creates, renames, deletes), never on {@code pool}
 * @param feed       where a store shared by nodes publishes each commit of this node (the others hear it)
 * @param otherNodes told of the renames and deletes made here, in a cluster
 */
record HubContext(DocumentStore store, Executor pool, Executor storeIo, ScheduledExecutorService scheduler,
                  Clock clock, HubSettings settings, WriteBudget writeBudget, OutboxFactory announcements,
                  HubMetrics metrics, OpFeed feed, OtherNodes otherNodes) {
}
