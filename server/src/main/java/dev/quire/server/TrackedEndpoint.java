package dev.quire.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * Internal to {@link SessionTracker}; public only because Tyrus invokes endpoint callbacks reflectively and
 * refuses non-public classes. Delegates every callback to the application's endpoint and records the session
 * around it.
 */
public final class TrackedEndpoint extends Endpoint {

    private final Endpoint delegate;
    private final SessionTracker tracker;

    TrackedEndpoint(Endpoint delegate, SessionTracker tracker) {
        this.delegate = delegate;
        this.tracker = tracker;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        tracker.opened(session);
        // Tyrus does not carry the container's default message limits over to server sessions; set them here,
        // before the application's onOpen, so an application may still lower them.
        session.setMaxTextMessageBufferSize(tracker.maxMessageBytes());
        session.setMaxBinaryMessageBufferSize(tracker.maxMessageBytes());
        delegate.onOpen(session, config);
        tracker.closeIfShuttingDown(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        try {
            delegate.onClose(session, closeReason);
        } finally {
            tracker.closed(session);
        }
    }

    @Override
    public void onError(Session session, Throwable thr) {
        delegate.onError(session, thr);
    }
}
