package dev.quire.ws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.protocol.ProtocolCodec;
import dev.quire.json.QuireJson;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The sender without Tyrus: its lane is run by hand, its raw writes are recorded (and completed by the test), so
 * what is written in one write, in which order, and how the pending count moves are all visible.
 */
class ConnectionSenderTest {
    private static final ProtocolCodec CODEC = new ProtocolCodec(QuireJson.newMapper());

    /** A lane the test runs: tasks wait until {@link #runAll}. */
    private static final class ManualLane implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    /** One raw write: the bytes as they were handed over, and the future the test completes. */
    private record RawWrite(ByteBuffer bytes, CompletableFuture<Void> written) {
        List<String> texts() {
            return frameTexts(bytes);
        }
    }

    /** A session that records what happens to it, in order: raw writes, text sends, the close. */
    private static final class FakeSession {
        final List<Object> events = new ArrayList<>();
        final List<RawWrite> rawWrites = new ArrayList<>();
        final List<SendHandler> textHandlers = new ArrayList<>();
        boolean open = true;

        final RawFrames.Writer writer = frames -> {
            ByteBuffer copy = ByteBuffer.allocate(frames.remaining()).put(frames.duplicate()).flip();
            RawWrite write = new RawWrite(copy, new CompletableFuture<>());
            rawWrites.add(write);
            events.add(write);
            return write.written();
        };

        final RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        events.add("text " + args[0]);
                        textHandlers.add((SendHandler) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        final Session session = (Session) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isOpen":
                            return open;
                        case "getAsyncRemote":
                            return async;
                        case "close":
                            CloseReason reason = (CloseReason) args[0];
                            events.add("close " + reason.getCloseCode().getCode());
                            open = false;
                            return null;
                        case "toString":
                            return "fake session";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private final ManualLane lane = new ManualLane();
    private final FakeSession fake = new FakeSession();

    private ConnectionSender rawSender(int maxPendingSends) {
        ConnectionSender sender = new ConnectionSender(CODEC, lane, maxPendingSends, ConnectionMetrics.NONE, "c1");
        sender.attach(fake.session, "doc", fake.writer);
        return sender;
    }

    private static EncodedOps.Encoded broadcast(String text) {
        return EncodedOps.Encoded.of(text);
    }

    private static String pong() {
        return CODEC.encode(new ServerMessage.Pong());
    }

    private static String ack(long seq) {
        return CODEC.encode(new ServerMessage.Ack(seq, seq));
    }

    @Test
    void drain_fiveMessagesQueuedBeforeTheLaneRuns_oneRawWriteCarriesAllFiveInOrder() {
        ConnectionSender sender = rawSender(100);
        EncodedOps.Encoded op1 = broadcast("{\"type\":\"op\",\"n\":1}");
        EncodedOps.Encoded op2 = broadcast("{\"type\":\"op\",\"n\":2}");
        sender.sendFramed(op1);
        sender.send(new ServerMessage.Ack(1, 1));
        sender.sendFramed(op2);
        sender.send(new ServerMessage.Pong());
        sender.send(new ServerMessage.Ack(2, 2));

        assertEquals(1, lane.tasks.size(), "one drain scheduled for the five messages");
        assertEquals(5, sender.pendingSends());
        lane.runAll();

        assertEquals(1, fake.rawWrites.size(), "one write for the five messages");
        assertEquals(List.of(op1.text(), ack(1), op2.text(), pong(), ack(2)), fake.rawWrites.get(0).texts());
        assertEquals(0, op1.frame().position(), "the shared frame is left as it was for the other recipients");
        assertEquals(5, sender.pendingSends(), "counted until seen written");

        fake.rawWrites.get(0).written().complete(null);
        sender.send(new ServerMessage.Pong());
        lane.runAll();
        assertEquals(1, sender.pendingSends(), "the five counted down at once; only the new message is pending");
        fake.rawWrites.get(1).written().complete(null);
        sender.send(new ServerMessage.Pong());
        lane.runAll();
        assertEquals(1, sender.pendingSends());
    }

    @Test
    void drain_oneMessageQueued_writesItsSharedFrameItself() {
        ConnectionSender sender = rawSender(100);
        EncodedOps.Encoded op = broadcast("{\"type\":\"op\"}");
        List<ByteBuffer> handed = new ArrayList<>();
        sender.attach(fake.session, "doc", frames -> {
            handed.add(frames);
            return CompletableFuture.completedFuture(null);
        });
        sender.sendFramed(op);
        lane.runAll();

        assertEquals(1, handed.size());
        assertTrue(handed.get(0).isDirect(), "the broadcast's own frame (a duplicate), not a copy");
        assertEquals(List.of(op.text()), frameTexts(handed.get(0)));
    }

    @Test
    void drain_messagesQueuedWhileTheLaneWrites_goInTheNextWrite() {
        ConnectionSender sender = rawSender(100);
        sender.send(new ServerMessage.Ack(1, 1));
        lane.runAll();
        sender.send(new ServerMessage.Ack(2, 2));
        sender.send(new ServerMessage.Ack(3, 3));
        assertEquals(1, lane.tasks.size());
        lane.runAll();

        assertEquals(2, fake.rawWrites.size());
        assertEquals(List.of(ack(1)), fake.rawWrites.get(0).texts());
        assertEquals(List.of(ack(2), ack(3)), fake.rawWrites.get(1).texts());
    }

    @Test
    void drain_moreThanTheBatchLimit_splitsIntoWritesOfAtMostTheLimit_largeMessageAlone() {
        ConnectionSender sender = rawSender(3_000);
        String big = "{\"type\":\"welcome\",\"text\":\"" + "x".repeat(ConnectionSender.MAX_BATCH_BYTES) + "\"}";
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) { // about 80 KB of acks
            expected.add(ack(i));
            sender.send(new ServerMessage.Ack(i, i));
        }
        expected.add(big);
        sender.sendFramed(broadcast(big));
        expected.add(ack(2_000));
        sender.send(new ServerMessage.Ack(2_000, 2_000));
        lane.runAll();

        List<String> written = new ArrayList<>();
        for (RawWrite write : fake.rawWrites) {
            List<String> texts = write.texts();
            if (texts.contains(big)) {
                assertEquals(1, texts.size(), "the large message is written alone");
            } else {
                assertTrue(write.bytes().remaining() <= ConnectionSender.MAX_BATCH_BYTES, "a batch stays small");
            }
            written.addAll(texts);
        }
        assertEquals(expected, written, "all of them, in order");
        assertTrue(fake.rawWrites.size() < 10, "still coalesced: " + fake.rawWrites.size() + " writes");
    }

    @Test
    void close_queuedAfterMessages_isMadeAfterTheirWrite_andNothingIsSentAfterIt() {
        ConnectionSender sender = rawSender(100);
        sender.send(new ServerMessage.Ack(1, 1));
        sender.send(new ServerMessage.Ack(2, 2));
        sender.close(WsError.TOO_MANY_ERRORS, "bye");
        sender.send(new ServerMessage.Ack(3, 3));
        assertEquals(1, lane.tasks.size());
        lane.runAll();

        assertEquals(2, fake.events.size(), fake.events.toString());
        assertEquals(List.of(ack(1), ack(2)), ((RawWrite) fake.events.get(0)).texts());
        assertEquals("close 1008", fake.events.get(1));
        assertTrue(sender.isClosing());
        assertEquals(2, sender.pendingSends(), "the message sent after the close was never counted");
    }

    @Test
    void enqueue_overThePendingBound_closesWith4008AfterWhatWasQueued() {
        ConnectionSender sender = rawSender(3);
        for (int i = 1; i <= 4; i++) {
            sender.send(new ServerMessage.Ack(i, i));
        }
        lane.runAll();

        assertEquals(List.of(ack(1), ack(2), ack(3)), ((RawWrite) fake.events.get(0)).texts());
        assertEquals("close 4008", fake.events.get(1));
        assertEquals(2, fake.events.size());
    }

    @Test
    void drain_moreBytesHeldUnwrittenThanTheBound_closesWith4008_longBeforeTheCount() {
        ConnectionSender sender = new ConnectionSender(CODEC, lane, 2_000, 10_000, ConnectionMetrics.NONE, "c1");
        sender.attach(fake.session, "doc", fake.writer);
        EncodedOps.Encoded big = broadcast("{\"type\":\"op\",\"text\":\"" + "x".repeat(4_000) + "\"}");
        sender.sendFramed(big);
        lane.runAll(); // under way, never reported written: the client does not read
        sender.sendFramed(big);
        sender.sendFramed(big);
        lane.runAll();
        assertEquals(3, written(), "two behind the one under way fit in 10,000 bytes");
        sender.sendFramed(big);
        lane.runAll();

        assertEquals(3, written(), "the fourth would hold more than 10,000 bytes behind the first");
        assertEquals("close 4008", fake.events.get(fake.events.size() - 1));
        assertEquals(3, sender.pendingSends(), "the dropped one is not counted");
    }

    /** Messages written so far, over all raw writes. */
    private int written() {
        return fake.rawWrites.stream().mapToInt(write -> write.texts().size()).sum();
    }

    @Test
    void drain_writtenBytesNoLongerCount_aHealthyReaderOfLargeMessagesStays() {
        ConnectionSender sender = new ConnectionSender(CODEC, lane, 2_000, 10_000, ConnectionMetrics.NONE, "c1");
        sender.attach(fake.session, "doc", fake.writer);
        EncodedOps.Encoded big = broadcast("{\"type\":\"op\",\"text\":\"" + "x".repeat(4_000) + "\"}");
        for (int i = 0; i < 20; i++) {
            sender.sendFramed(big);
            lane.runAll();
            fake.rawWrites.get(i).written().complete(null);
        }
        assertEquals(20, fake.rawWrites.size());
        assertTrue(fake.open);
    }

    @Test
    void drain_oneMessageLargerThanTheBound_goesOut_andSmallOnesBehindItToo_whileUnderTheBound() {
        ConnectionSender sender = new ConnectionSender(CODEC, lane, 2_000, 1_000, ConnectionMetrics.NONE, "c1");
        sender.attach(fake.session, "doc", fake.writer);
        String welcome = "{\"type\":\"welcome\",\"content\":\"" + "y".repeat(5_000) + "\"}";
        sender.send(new ServerMessage.Pong());
        lane.runAll();
        fake.rawWrites.get(0).written().complete(null);
        sender.sendFramed(broadcast(welcome)); // a long document's welcome to a slow reader: still sent
        lane.runAll();
        sender.send(new ServerMessage.Ack(1, 1));
        lane.runAll();

        assertEquals(List.of(welcome), fake.rawWrites.get(1).texts());
        assertEquals(List.of(ack(1)), fake.rawWrites.get(2).texts());
        assertEquals(welcome.length() + 4 + ack(1).length(), sender.heldBytes());
        assertTrue(fake.open, "only what waits behind the welcome counts against the bound");
        fake.rawWrites.get(1).written().complete(null);
        fake.rawWrites.get(2).written().complete(null);
        assertEquals(0, sender.heldBytes(), "written: nothing held");
    }

    @Test
    void drain_writeOnAClosedConnectionThrows_laneGoesOn_andTheMessagesAreNoLongerCounted() {
        ConnectionSender sender = rawSender(100);
        sender.attach(fake.session, "doc", frames -> {
            throw new IllegalStateException("The connection has been closed.");
        });
        sender.send(new ServerMessage.Ack(1, 1));
        sender.send(new ServerMessage.Ack(2, 2));
        lane.runAll(); // would throw here if the failure escaped to the lane's thread

        assertEquals(0, sender.pendingSends());
        sender.send(new ServerMessage.Ack(3, 3));
        assertEquals(1, lane.tasks.size(), "the next message schedules a drain again");
    }

    @Test
    void drain_withoutTheRawPath_sendsEachAsTextInOrder_countedDownAsWritten() {
        ConnectionSender sender = new ConnectionSender(CODEC, lane, 100, ConnectionMetrics.NONE, "c1");
        sender.attach(fake.session, "doc", null);
        EncodedOps.Encoded op = broadcast("{\"type\":\"op\"}");
        sender.send(new ServerMessage.Ack(1, 1));
        sender.sendFramed(op);
        sender.close(WsError.SLOW_CONSUMER, "slow");
        lane.runAll();

        assertEquals(List.of("text " + ack(1), "text " + op.text(), "close 4008"), fake.events);
        assertEquals(2, sender.pendingSends());
        fake.textHandlers.forEach(handler -> handler.onResult(new SendResult()));
        assertEquals(0, sender.pendingSends());
    }

    /** The texts of the unmasked, final text frames in {@code bytes}, back to back (RFC 6455 §5.2). */
    private static List<String> frameTexts(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate();
        List<String> texts = new ArrayList<>();
        while (in.hasRemaining()) {
            assertEquals(0x81, in.get() & 0xFF, "FIN and opcode 1 (text)");
            int second = in.get() & 0xFF;
            assertEquals(0, second & 0x80, "server frames are not masked");
            long length = second & 0x7F;
            if (length == 126) {
                length = in.getShort() & 0xFFFF;
            } else if (length == 127) {
                length = in.getLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.get(payload);
            texts.add(new String(payload, UTF_8));
        }
        return texts;
    }
}
