package dev.quire.collab;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A participant that records what the hub tells it, for tests to await in order. */
final class RecordingParticipant implements Participant {
    record Ack(long seq, long version) {
    }

    record Rejected(ErrorCode code, String detail, Long seq) {
    }

    /** A refusal with a retry hint (a write budget is spent). */
    record RefusedForNow(ErrorCode code, String detail, Long seq, Duration retryAfter) {
    }

    record TitleChanged(String title, String renamedBy) {
    }

    record Left(String clientId) {
    }

    record Disconnected(ErrorCode code, String reason) {
    }

    private final User user;
    private final String writer;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    RecordingParticipant(String clientId) {
        this(clientId, null);
    }

    /** @param writer whom its writes count against (its credential), or null */
    RecordingParticipant(String clientId, String writer) {
        this.user = new User(clientId, "User " + clientId, "#123456");
        this.writer = writer;
    }

    /** The next event, which must be of {@code type}. */
    <T> T next(Class<T> type) {
        Object event;
        try {
            event = events.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (event == null) {
            throw new AssertionError(user.clientId() + ": no event within 10 s, expected " + type.getSimpleName());
        }
        if (!type.isInstance(event)) {
            throw new AssertionError(user.clientId() + ": expected " + type.getSimpleName() + " but got " + event);
        }
        return type.cast(event);
    }

    /** The next event if one arrives within {@code millis}, else null — only to prove that nothing (more) came. */
    Object poll(long millis) {
        try {
            return events.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public User user() {
        return user;
    }

    @Override
    public void welcome(Welcome welcome) {
        events.add(welcome);
    }

    @Override
    public void acknowledged(long seq, long version) {
        events.add(new Ack(seq, version));
    }

    @Override
    public void remoteOp(Edit edit) {
        events.add(edit);
    }

    @Override
    public void saved(Saved saved, String requestedBy) {
        events.add(saved);
    }

    @Override
    public void titleChanged(String title, String renamedBy) {
        events.add(new TitleChanged(title, renamedBy));
    }

    @Override
    public void presenceChanged(Presence presence) {
        events.add(presence);
    }

    @Override
    public void left(String clientId) {
        events.add(new Left(clientId));
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq) {
        events.add(new Rejected(code, detail, seq));
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq, Duration retryAfter) {
        events.add(new RefusedForNow(code, detail, seq, retryAfter));
    }

    @Override
    public String writer() {
        return writer;
    }

    @Override
    public void disconnect(ErrorCode code, String reason) {
        events.add(new Disconnected(code, reason));
    }
}
