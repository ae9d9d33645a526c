package dev.quire.server;

import dev.quire.app.QuireApplication;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Test endpoint built by the test (a constructor argument proves it is not created by reflection). */
final class EchoEndpoint extends Endpoint {

    private final String prefix;

    EchoEndpoint(String prefix) {
        this.prefix = prefix;
    }

    static ServerEndpointConfig config(String path, String prefix) {
        return ServerEndpointConfig.Builder.create(EchoEndpoint.class, path)
                .configurator(QuireApplication.instance(new EchoEndpoint(prefix)))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                session.getBasicRemote().sendText(prefix + text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
