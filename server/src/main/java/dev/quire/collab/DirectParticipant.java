package dev.quire.collab;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A participant without a connection, for one server-side write (a REST request): it enters the
 * hub's submit path like a WebSocket client (Hocuspocus's {@code DirectConnection}), so its op
 * is transformed, committed and broadcast exactly like theirs. It is never a member of the
 * document, so live editors see its op but not its arrival or departure.
 *
 * <p>The outcome is the first of ack, refusal or disconnect; later calls are ignored. Called from
 * the hub's sequence only.
 */
final class DirectParticipant implements Participant {
    private final User user;
    private final String writer;
    private final CompletableFuture<EditResult> result = new CompletableFuture<>();

    DirectParticipant(User user) {
        this(user, null);
    }

    /** @param writer whom its write counts against (see {@link Participant#writer()}), or null */
    DirectParticipant(User user, String writer) {
        this.user = user;
        this.writer = writer;
    }

    CompletableFuture<EditResult> result() {
        return result;
    }

    @Override
    public User user() {
        return user;
    }

    @Override
    public void acknowledged(long seq, long version) {
        result.complete(EditResult.committed(version));
    }

    @Override
    public String writer() {
        return writer;
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq) {
        result.complete(EditResult.refused(code, detail));
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq, Duration retryAfter) {
        result.complete(EditResult.refused(code, detail, retryAfter));
    }

    @Override
    public void disconnect(ErrorCode code, String reason) {
        result.complete(EditResult.refused(code, reason));
    }

    @Override
    public void welcome(Welcome welcome) {
        // never joined: no welcome
    }

    @Override
    public void remoteOp(Edit edit) {
        // not a member: receives nothing from others
    }

    @Override
    public void saved(Saved saved, String requestedBy) {
        // not a member: its own save's outcome comes as a SaveResult
    }

    @Override
    public void titleChanged(String title, String renamedBy) {
        // not a member: its own rename's outcome comes as an EditResult
    }

    @Override
    public void presenceChanged(Presence presence) {
        // not a member
    }

    @Override
    public void left(String clientId) {
        // not a member
    }
}
