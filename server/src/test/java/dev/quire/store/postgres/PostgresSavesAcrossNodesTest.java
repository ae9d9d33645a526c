package dev.quire.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.OutboxFactory;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every node with a document open autosaves it: two stores on one schema (two nodes) autosaving the same version make
 * one saved version and one outbox message, and both answer with it; explicit saves are never merged.
 */
class PostgresSavesAcrossNodesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456Z");

    private FreshSchema schema;
    private PostgresDocumentStore node1;
    private PostgresDocumentStore node2;
    /** The ids of the outbox messages the factories were asked for, per save they saw. */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void open() throws Exception {
        schema = FreshSchema.create();
        node1 = PostgresDocumentStore.open(schema.settings());
        node2 = PostgresDocumentStore.open(schema.settings());
        node1.create("d", "Notes", new DocumentSnapshot(0, Delta.ofText("\n")), T0);
        node1.appendAll("d", List.of(new CommittedOp(1, "c1", 1, Delta.builder().insert("a").build(), "Ada",
                T0.plusMillis(1)), new CommittedOp(2, "c1", 2, Delta.builder().insert("b").build(), "Ada",
                T0.plusMillis(2)))).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
        schema.close();
    }

    private OutboxFactory announcing() {
        return saved -> {
            String id = "msg_" + saved.documentId() + "_" + saved.number();
            announced.add(id);
            return List.of(new OutboxMessage(id, "document.saved", saved.documentId(),
                    "{\"savedVersion\":" + saved.number() + "}", saved.savedAt()));
        };
    }

    private SaveRequest save(long version, SaveTrigger trigger, String by) {
        return new SaveRequest(version, "Notes", trigger, by, T0.plusSeconds(version), null, announcing());
    }

    @Test
    void autosavesOfOneVersionOnTwoNodesAtOnce_makeOneSavedVersion_andOneMessage() throws Exception {
        for (int round = 0; round < 10; round++) {
            long version = round == 0 ? 2 : 2 + round;
            if (round > 0) {
                node2.appendAll("d", List.of(new CommittedOp(version, "c2", round, Delta.builder().insert("x").build(),
                        "Bo", T0.plusMillis(version)))).get(30, TimeUnit.SECONDS);
            }
            CompletableFuture<SavedVersion> first = node1.save("d", save(version, SaveTrigger.AUTO, "node1"));
            CompletableFuture<SavedVersion> second = node2.save("d", save(version, SaveTrigger.AUTO, "node2"));
            SavedVersion a = first.get(30, TimeUnit.SECONDS);
            SavedVersion b = second.get(30, TimeUnit.SECONDS);
            assertEquals(a, b, "the later autosave answers with the saved version the first made");
            assertEquals(round + 1, a.number());
            assertEquals(version, a.documentVersion());
        }
        assertEquals(10, node1.savedVersions("d").size());
        assertEquals(10, announced.size(), "one message per saved version: " + announced);
        for (String id : announced) {
            assertTrue(node2.webhooks().message(id).isPresent(), id);
        }
    }

    @Test
    void aLateAutosaveOfAnOlderVersion_answersTheNewerSave_whileExplicitSavesAlwaysMakeOne() throws Exception {
        SavedVersion explicit = node1.save("d", save(2, SaveTrigger.EXPLICIT, "node1")).get(30, TimeUnit.SECONDS);
        SavedVersion late = node2.save("d", save(1, SaveTrigger.AUTO, "node2")).get(30, TimeUnit.SECONDS);
        assertEquals(explicit, late);
        SavedVersion again = node2.save("d", save(2, SaveTrigger.EXPLICIT, "node2")).get(30, TimeUnit.SECONDS);
        assertEquals(2, again.number(), "an explicit save is what a user asked for: always recorded");
        assertEquals(2, node1.savedVersions("d").size());
        assertEquals(Set.of("msg_d_1", "msg_d_2"), announced);
    }
}
