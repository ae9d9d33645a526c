package dev.quire.server;

import dev.quire.path.CanonicalPath;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

import java.io.IOException;

/**
 * Upgrades (WebSockets) only on canonical paths ({@link CanonicalPath}): an upgrade request whose path is not
 * canonical loses its {@code Upgrade} header before Tyrus sees it, so it is handled as the plain HTTP request it
 * also is - the front door's router ({@code http.Router}) refuses it (404 {@code non_canonical_path} under
 * {@code /ws}, 400 for a path that cannot even be decoded, 404 for any other name) - and no endpoint, session or
 * upgrade ever exists for it.
 *
 * <p>Why before Tyrus: Tyrus matches endpoints on the decoded path with {@code ;} parameters dropped, so
 * {@code /ws/documents/B;x}, {@code /%77s/documents/B} or {@code /ws/documents/%42} would all reach the endpoint of
 * document {@code B}; and it fails on characters {@link java.net.URI} refuses (a backslash) by dropping the
 * connection with a stack trace in the log. Upgrade requests never reach the router otherwise. Thread-safe.
 */
final class CanonicalUpgradeAddOn implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec filter in the listener's chain");
        }
        builder.add(codec + 1, new UpgradeFilter());
    }

    private static final class UpgradeFilter extends BaseFilter {

        /** The codec announces an upgrade request synchronously, before it decides how to read the body. */
        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                // The request URI here is the request line's path as sent: undecoded, without the query.
                if (header instanceof HttpRequestPacket request
                        && CanonicalPath.parse(request.getRequestURI()).isEmpty()) {
                    header.setIgnoreContentModifiers(false);
                    header.getUpgradeDC().recycle();
                    header.getHeaders().removeHeader("Upgrade");
                }
            }
            return ctx.getInvokeAction();
        }
    }
}
