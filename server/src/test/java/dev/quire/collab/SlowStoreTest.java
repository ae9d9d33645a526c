package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.GatedStore;
import dev.quire.testkit.GatedStore.Call;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A store call that takes long (a slow disk, a long fsync) holds up only what waits for it: the thread that asked
 * for a join or a REST write goes on at once, the hubs' shared pool keeps every other document editing, and a
 * participant that leaves while its document loads leaves nothing behind.
 */
class SlowStoreTest {
    /** As small as the shared pool can be (max(2, cores)). */
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    @AutoClose
    private final CapturedLogs logs = new CapturedLogs();
    private final GatedStore store = new GatedStore();
    private final DocumentHubs hubs = new DocumentHubs(store, pool, scheduler, Clock.systemUTC(),
            HubSettings.defaults().toBuilder().unloadGrace(Duration.ofMillis(20)).build());

    @AfterEach
    void stop() {
        store.open();
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    /** Ada in "busy", welcomed; her session. */
    private DocumentSession busyDocumentWith(RecordingParticipant ada) {
        assertTrue(hubs.create("busy", "Busy", Delta.ofText("\n")).join());
        DocumentSession session = hubs.join("busy", ada, null);
        ada.next(Welcome.class);
        return session;
    }

    /** A newcomer to "busy" is welcomed (through the shared pool), and Ada's op is acknowledged and reaches them. */
    private void assertBusyDocumentKeepsEditing(DocumentSession ada, RecordingParticipant adaEvents, String text) {
        RecordingParticipant newcomer = new RecordingParticipant("newcomer-" + text);
        DocumentSession joined = hubs.join("busy", newcomer, null);
        Welcome welcome = newcomer.next(Welcome.class);
        adaEvents.next(Presence.class);
        ada.submit(1, welcome.version(), insertAt(0, text));
        assertEquals(welcome.version() + 1, adaEvents.next(RecordingParticipant.Ack.class).version());
        assertEquals(insertAt(0, text), newcomer.next(Edit.class).delta());
        joined.leave();
    }

    @Test
    void join_whileItsDocumentLoads_returnsAtOnce_andOtherDocumentsKeepEditing() {
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession adaSession = busyDocumentWith(ada);
        store.hold(Call.LOAD, "slow");
        RecordingParticipant bob = new RecordingParticipant("bob");
        AtomicBoolean returned = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            hubs.join("slow", bob, null);
            returned.set(true);
        }, "io-thread-stand-in");
        caller.setDaemon(true);
        caller.start();

        Await.until(returned::get, "the join returned while its document was still loading");
        Await.until(() -> store.waiting() == 1, "the load waits at the gate");
        assertBusyDocumentKeepsEditing(adaSession, ada, "x");
        assertNull(bob.poll(20), "no welcome before the document is loaded");

        store.open();
        Welcome welcome = bob.next(Welcome.class);
        assertEquals("slow", welcome.documentId());
        assertEquals(0, welcome.version());
    }

    @Test
    void renamesAndDeletesWaitingForTheStore_holdNoHubThread_andOtherDocumentsKeepEditing() {
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession adaSession = busyDocumentWith(ada);
        for (String id : List.of("r1", "r2", "r3")) {
            assertTrue(hubs.create(id, "Old", Delta.ofText("\n")).join());
        }
        store.hold(Call.RENAME, "r1", "r2").hold(Call.DELETE, "r3");

        CompletableFuture<EditResult> rename1 = hubs.rename("r1", "New 1", null);
        CompletableFuture<EditResult> rename2 = hubs.rename("r2", "New 2", null);
        CompletableFuture<EditResult> delete3 = hubs.delete("r3", null);
        // More writes waiting for the store than the shared pool has threads.
        Await.until(() -> store.waiting() == 3, "the renames and the delete wait at the gate");
        assertBusyDocumentKeepsEditing(adaSession, ada, "y");
        assertFalse(rename1.isDone() || rename2.isDone() || delete3.isDone(), "nothing answered before it is stored");

        store.open();
        assertTrue(rename1.join().isCommitted());
        assertTrue(rename2.join().isCommitted());
        assertTrue(delete3.join().isCommitted());
        assertEquals("New 1", store.inner().load("r1").orElseThrow().info().title());
        assertEquals("New 2", store.inner().load("r2").orElseThrow().info().title());
        assertTrue(store.inner().load("r3").isEmpty());
    }

    @Test
    void renamesOfOneDocument_areStoredInTheOrderTheyWereMade() {
        assertTrue(hubs.create("doc", "First", Delta.ofText("\n")).join());
        store.hold(Call.RENAME, "doc");
        CompletableFuture<EditResult> second = hubs.rename("doc", "Second", null);
        CompletableFuture<EditResult> third = hubs.rename("doc", "Third", null);
        Await.until(() -> store.waiting() == 1, "the first rename waits at the gate");
        store.open();
        assertTrue(second.join().isCommitted());
        assertTrue(third.join().isCommitted());
        assertEquals("Third", store.inner().load("doc").orElseThrow().info().title());
        RecordingParticipant ada = new RecordingParticipant("ada");
        hubs.join("doc", ada, null);
        assertEquals("Third", ada.next(Welcome.class).title());
    }

    @Test
    void aLeaveBeforeTheLoadCompletes_leavesNoParticipant_andTheDocumentUnloads() {
        store.hold(Call.LOAD, "ghost");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession session = hubs.join("ghost", bob, null);
        Await.until(() -> store.waiting() == 1, "the load waits at the gate");
        session.leave(); // the connection closed (hello deadline, revocation, slow consumer) during the load

        store.open();
        Await.until(() -> hubs.openCount() == 0, "the document unloads");
        assertNull(bob.poll(50), "the participant that left was never welcomed");
        assertTrue(hubs.present(List.of("ghost")).isEmpty(), "no ghost participant");
    }

    @Test
    void whatIsSentWhileTheDocumentLoads_isAppliedAfterTheJoin_inOrder() {
        store.hold(Call.LOAD, "doc");
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession session = hubs.join("doc", ada, null);
        session.submit(1, 0, insertAt(0, "a"));
        session.submit(2, 1, insertAt(1, "b"));
        session.updatePresence(new Selection(2, 0));

        store.open();
        assertEquals(0, ada.next(Welcome.class).version());
        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertEquals(new RecordingParticipant.Ack(2, 2), ada.next(RecordingParticipant.Ack.class));
        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("doc", bob, null);
        assertEquals(Delta.ofText("ab\n"), bob.next(Welcome.class).content());
    }

    @Test
    void aFailedLoad_turnsTheJoinAway_andALaterJoinLoadsAfresh() {
        logs.capture("dev.quire.collab");
        RecordingParticipant ada = new RecordingParticipant("ada");
        store.failOnce(Call.LOAD, "doc");
        DocumentHubs failing = hubs;
        failing.join("doc", ada, null);
        assertEquals(ErrorCode.INTERNAL_ERROR, ada.next(RecordingParticipant.Disconnected.class).code());
        logs.await(Level.ERROR, "could not load document doc");
        Await.until(() -> failing.openCount() == 0, "the failed slot is dropped");
        RecordingParticipant bob = new RecordingParticipant("bob");
        failing.join("doc", bob, null);
        assertEquals(0, bob.next(Welcome.class).version());
    }
}
