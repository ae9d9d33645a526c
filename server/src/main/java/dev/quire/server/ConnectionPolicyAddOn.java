package dev.quire.server;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Two fixes to Grizzly 4.0.2's connection handling and one to Tyrus's refusals, applied by one filter placed right
 * after the HTTP codec.
 *
 * <ol>
 * <li><b>HTTP/2 cleartext upgrade offers are declined.</b> The JDK {@code HttpClient} (default version HTTP/2)
 * sends {@code Upgrade: h2c} on plain http. Grizzly's codec marks every request carrying an {@code Upgrade}
 * header as "upgraded" and then stops applying {@code Content-Length}/chunking to it: the request body is not
 * delimited and the response goes out without a length, so the client hangs or reads garbage. We have no HTTP/2
 * module, so an h2c/h2 offer is simply dropped and the request is treated as the HTTP/1.1 request it also is
 * (RFC 9113 §3.1 obsoletes h2c upgrade anyway; ignoring the offer is what RFC 9110 §7.8 allows). WebSocket
 * upgrades are untouched.</li>
 * <li><b>Upgraded WebSocket connections get their own idle timeout.</b> {@code HttpServer} puts an
 * {@link IdleTimeoutFilter} on the listener whose timeout is the HTTP keep-alive idle timeout (30 s by default),
 * and that filter counts only bytes read/written, so it would close a quiet WebSocket after 30 s. Once a
 * {@code 101 Switching Protocols} response is written, the connection's timeout is replaced by the WebSocket
 * idle timeout (none by default: the protocol heartbeat detects dead peers). Plain HTTP connections keep the
 * keep-alive timeout, so idle browsers and slow clients do not pin sockets forever.</li>
 * <li><b>Upgrades naming a host the server does not answer to are declined</b> the same way, so the request reaches
 * the front door's router ({@code http.Router}) as the plain request it also is and gets the same 421 problem+json
 * as any other request with that {@code Host} ({@code http.RequestGuard}); Tyrus could answer only with a bare
 * status.</li>
 * </ol>
 */
final class ConnectionPolicyAddOn implements AddOn {

    private final long webSocketIdleMillis;
    private final Predicate<String> hostAllowed;
    /** Upgraded connections still open at the TCP level; shutdown waits for them after the close handshakes. */
    private final Set<Connection<?>> upgraded = ConcurrentHashMap.newKeySet();

    /**
     * @param webSocketIdleTimeout zero for no idle limit on upgraded WebSocket connections
     * @param hostAllowed          whether a {@code Host} header value (null if absent) names this server
     */
    ConnectionPolicyAddOn(Duration webSocketIdleTimeout, Predicate<String> hostAllowed) {
        this.webSocketIdleMillis = webSocketIdleTimeout.isZero() ? -1 : webSocketIdleTimeout.toMillis();
        this.hostAllowed = hostAllowed;
    }

    /**
     * Waits until every upgraded (WebSocket) TCP connection is closed or {@code timeoutMillis} passed. After a
     * close frame was sent, this is the sign that the peer has read it: closing the transport earlier can drop
     * the queued frame, and the client then sees 1006 instead of our close code.
     *
     * @return {@code true} if none is left open
     */
    boolean awaitUpgradedClosed(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (upgraded) {
            while (!upgraded.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                upgraded.wait(left);
            }
        }
        return true;
    }

    private void track(Connection<?> connection) {
        if (upgraded.add(connection)) {
            connection.addCloseListener((closeable, type) -> {
                synchronized (upgraded) {
                    upgraded.remove(connection);
                    upgraded.notifyAll();
                }
            });
        }
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec filter in the listener's chain");
        }
        builder.add(codec + 1, new PolicyFilter());
    }

    private final class PolicyFilter extends BaseFilter {

        /** The codec announces an upgrade request synchronously, before it decides how to read the body. */
        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                DataChunk upgrade = header.getUpgradeDC();
                boolean http2 = upgrade.equalsIgnoreCase("h2c") || upgrade.equalsIgnoreCase("h2");
                if (header.isRequest() && (http2 || !hostAllowed.test(header.getHeader("Host")))) {
                    header.setIgnoreContentModifiers(false);
                    upgrade.recycle();
                    header.getHeaders().removeHeader("Upgrade");
                    header.getHeaders().removeHeader("HTTP2-Settings");
                }
            }
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleWrite(FilterChainContext ctx) throws IOException {
            Object message = ctx.getMessage();
            HttpHeader header = message instanceof HttpContent content ? content.getHttpHeader()
                    : message instanceof HttpHeader h ? h : null;
            if (header instanceof HttpResponsePacket response && response.getStatus() == 101) {
                IdleTimeoutFilter.setCustomTimeout(ctx.getConnection(), webSocketIdleMillis, TimeUnit.MILLISECONDS);
                track(ctx.getConnection());
            }
            return ctx.getInvokeAction();
        }
    }
}
