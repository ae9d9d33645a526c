package dev.quire.ws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.collab.Edit;
import dev.quire.collab.ErrorCode;
import dev.quire.json.QuireJson;
import dev.quire.ot.Delta;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Protocol 3's batching on one connection, with the clock and the timer in the test's hands: which ops go at once,
 * which are held and for how long, and that every other message (the ack above all) comes after what was held.
 */
class HeldOpsTest {
    private static final ObjectMapper JSON = QuireJson.newMapper();
    private static final ProtocolCodec CODEC = new ProtocolCodec(JSON);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    /** Sweeps the timer was asked for: the task, and its delay in nanoseconds. */
    private final List<Runnable> sweeps = new ArrayList<>();
    private final List<Long> sweepDelays = new ArrayList<>();
    private final ScheduledExecutorService timer = (ScheduledExecutorService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ScheduledExecutorService.class}, (proxy, method, args) -> {
                if (method.getName().equals("schedule") && args[0] instanceof Runnable task) {
                    sweeps.add(task);
                    sweepDelays.add(((TimeUnit) args[2]).toNanos((Long) args[1]));
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final OpReleases releases = new OpReleases(timer, clock::get);
    private final EncodedOps encodedOps = new EncodedOps(CODEC);
    /** Each raw write, decoded into the messages of its frames. */
    private final List<JsonNode> written = new ArrayList<>();
    private final List<ByteBuffer> frames = new ArrayList<>();

    private HeldOps connection(int protocol) {
        ConnectionSender sender = new ConnectionSender(CODEC, Runnable::run, 10_000, ConnectionMetrics.NONE, "c1");
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "close" -> {
                        written.add(JSON.createObjectNode().put("type", "close"));
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        sender.attach(session, "doc", bytes -> {
            frames.add(bytes.duplicate());
            written.addAll(messages(bytes.duplicate()));
            return CompletableFuture.completedFuture(null);
        });
        HeldOps held = new HeldOps(sender, encodedOps, releases);
        held.speak(protocol);
        return held;
    }

    private static Edit edit(long version) {
        return new Edit(version, "other", version, Delta.builder().insert("x").build());
    }

    /** The versions each written message carries, in order: {@code op} 5 as "5", {@code ops} 6 and 7 as "6,7". */
    private List<String> versions() {
        List<String> out = new ArrayList<>();
        for (JsonNode message : written) {
            switch (message.get("type").asText()) {
                case "op" -> out.add(message.get("version").asText());
                case "ops" -> {
                    List<String> batch = new ArrayList<>();
                    message.get("ops").forEach(op -> batch.add(op.get("version").asText()));
                    out.add(String.join(",", batch));
                }
                case "ack" -> out.add("ack " + message.get("version").asText());
                default -> out.add(message.get("type").asText());
            }
        }
        return out;
    }

    private void sweep() {
        List<Runnable> due = List.copyOf(sweeps);
        sweeps.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void protocol2_everyOpGoesAtOnceAsItsOwnOpMessage() {
        HeldOps held = connection(2);
        for (long v = 1; v <= 3; v++) {
            held.remoteOp(edit(v));
        }
        assertEquals(List.of("1", "2", "3"), versions());
        assertTrue(sweeps.isEmpty(), "nothing is held for a protocol 2 client");
    }

    @Test
    void protocol3_anOpOnAQuietConnectionGoesAtOnce_theRestOfItsCommitAfterTheBurst_laterOnesWaitOutTheHold() {
        HeldOps held = connection(3);
        held.remoteOp(edit(1));
        assertEquals(List.of("1"), versions(), "an op on a quiet connection goes at once");
        assertTrue(sweeps.isEmpty(), "without the timer");
        clock.addAndGet(100_000);
        held.remoteOp(edit(2));
        assertEquals(List.of(HeldOps.BURST_NANOS - 100_000), sweepDelays, "its commit's next op waits for the burst");
        clock.addAndGet(HeldOps.BURST_NANOS - 100_000);
        sweep();
        assertEquals(List.of("1", "2"), versions(), "a batch of one is an op message");

        clock.addAndGet(500_000);
        held.remoteOp(edit(3));
        held.remoteOp(edit(4));
        assertEquals(List.of("1", "2"), versions(), "ops within the hold wait");
        assertEquals(HeldOps.HOLD_NANOS - 500_000, sweepDelays.get(1), "released when the hold since 2 ends");
        clock.addAndGet(HeldOps.HOLD_NANOS - 500_000);
        sweep();
        assertEquals(List.of("1", "2", "3,4"), versions(), "held ops go as one ops message");

        clock.addAndGet(HeldOps.HOLD_NANOS);
        held.remoteOp(edit(5));
        assertEquals(List.of("1", "2", "3,4", "5"), versions(), "a hold after the release has ended: quiet again");
        assertEquals(2, sweepDelays.size());
    }

    @Test
    void protocol3_anAckReleasesWhatIsHeldBeforeItGoes() {
        HeldOps held = connection(3);
        held.remoteOp(edit(1));
        held.remoteOp(edit(2));
        held.remoteOp(edit(3));
        held.send(new ServerMessage.Ack(9, 4));
        held.remoteOp(edit(5));
        assertEquals(List.of("1", "2,3", "ack 4"), versions(),
                "the ops before the ack in version order arrive before it; op 5 is held (within the hold)");
        sweep();
        assertEquals(List.of("1", "2,3", "ack 4", "5"), versions());
    }

    @Test
    void protocol3_theHubsCloseComesAfterWhatIsHeld() {
        HeldOps held = connection(3);
        held.remoteOp(edit(1));
        held.remoteOp(edit(2));
        held.remoteOp(edit(3));
        held.close(ErrorCode.DOCUMENT_DELETED, "gone");
        assertEquals(List.of("1", "2,3", "close"), versions());
    }

    @Test
    void protocol3_aBatchGoesAsSoonAsItHoldsTheMostOpsOneMessageMayCarry() {
        HeldOps held = connection(3);
        held.remoteOp(edit(0));
        clock.addAndGet(HeldOps.BURST_NANOS);
        for (long v = 1; v <= ProtocolCodec.MAX_OPS_PER_MESSAGE; v++) {
            held.remoteOp(edit(v));
        }
        assertEquals(2, written.size(), "a full batch goes without waiting for the timer");
        assertEquals(ProtocolCodec.MAX_OPS_PER_MESSAGE, written.get(1).get("ops").size());
    }

    @Test
    void protocol3_connectionsHoldingTheSameOpsShareOneFrame_andOneSweep() {
        HeldOps first = connection(3);
        HeldOps second = connection(3);
        Edit zero = edit(0);
        Edit one = edit(1);
        Edit two = edit(2);
        first.remoteOp(zero);
        second.remoteOp(zero);
        clock.addAndGet(HeldOps.BURST_NANOS);
        for (HeldOps held : List.of(first, second)) {
            held.remoteOp(one);
            held.remoteOp(two);
        }
        assertEquals(1, sweeps.size(), "one sweep for every connection holding ops");
        sweep();
        assertEquals(List.of("0", "0", "1,2", "1,2"), versions());
        assertSame(encodedOps.remoteOps(List.of(one, two)).frame(), encodedOps.remoteOps(List.of(one, two)).frame(),
                "the batch is framed once for all its recipients");
        assertEquals(frames.get(2), frames.get(3));
    }

    @Test
    void protocol3_anEarlierDueTimeGetsASweepOfItsOwn() {
        HeldOps early = connection(3);
        HeldOps late = connection(3);
        early.remoteOp(edit(1)); // at once: its hold ends first
        clock.addAndGet(HeldOps.BURST_NANOS);
        late.remoteOp(edit(2)); // at once: its hold ends a burst later
        clock.addAndGet(HeldOps.BURST_NANOS);
        late.remoteOp(edit(3)); // held to the end of its hold
        early.remoteOp(edit(4)); // held to the end of its own, sooner
        assertEquals(List.of(HeldOps.HOLD_NANOS - HeldOps.BURST_NANOS, HeldOps.HOLD_NANOS - 2 * HeldOps.BURST_NANOS),
                sweepDelays);
    }

    /** The text frames in {@code bytes} (server frames: unmasked, final), decoded as JSON. */
    private static List<JsonNode> messages(ByteBuffer bytes) {
        List<JsonNode> out = new ArrayList<>();
        while (bytes.hasRemaining()) {
            bytes.get(); // FIN + opcode
            int length = bytes.get() & 0x7f;
            if (length == 126) {
                length = bytes.getShort() & 0xffff;
            } else if (length == 127) {
                length = (int) bytes.getLong();
            }
            byte[] payload = new byte[length];
            bytes.get(payload);
            try {
                out.add(JSON.readTree(new String(payload, UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
