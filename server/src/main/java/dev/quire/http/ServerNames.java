package dev.quire.http;

import dev.quire.auth.AuthSettings;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The names this server answers to, and so its own origins: the defence against DNS rebinding, where a page on
 * {@code attacker.example} has its name re-pointed at Quire's address and then talks to Quire as its own origin,
 * with the visitor's network position (a loopback-only server included).
 *
 * <p>A {@code Host} is allowed, whatever its port, when it is {@code localhost} or a loopback address; the public
 * URL's host; the host the server was told to listen on (unless a wildcard); a configured allowed host; and, when
 * the server listens beyond loopback, any IP address. An IP address cannot be rebound: a browser sends one in
 * {@code Host} only after connecting to that very address, so whatever answers there is Quire (or a proxy in front
 * of it). Host names need the attacker's DNS, so only listed ones pass. {@code *} allows every host. A request
 * without {@code Host} cannot come from a browser and is allowed.
 *
 * <p>The server's own origins are http(s) origins whose host is allowed (by the rules above) on the server's own
 * port, and the public URL's origin. Immutable, thread-safe.
 */
final class ServerNames {
    private final boolean anyHost;
    private final boolean anyAddress;
    private final Set<HostName> names;
    private final Origin publicOrigin;
    private final IntSupplier port;

    /**
     * @param bindHost     the interface the server listens on ({@code --host})
     * @param publicUrl    the server's public address, or null
     * @param allowedHosts further host names or addresses ({@code --allowed-hosts}), or {@code *}
     * @param port         the port the server listens on (read on each use: known only once it listens)
     * @throws IllegalArgumentException for an allowed host that is not a host name, an address or {@code *}
     */
    ServerNames(String bindHost, URI publicUrl, List<String> allowedHosts, IntSupplier port) {
        Set<HostName> known = new LinkedHashSet<>();
        boolean star = false;
        for (String value : allowedHosts) {
            if (value.strip().equals("*")) {
                star = true;
            } else {
                known.add(checkHost(value));
            }
        }
        HostName.parse(bindHost).filter(h -> !h.isAddress() || !h.address().isAnyLocalAddress()).ifPresent(known::add);
        this.publicOrigin = publicUrl == null ? null : Origin.of(publicUrl).orElseThrow(
                () -> new IllegalArgumentException("the public URL has no usable origin: " + publicUrl));
        if (publicOrigin != null) {
            known.add(publicOrigin.host());
        }
        this.anyHost = star;
        this.anyAddress = !AuthSettings.isLoopback(bindHost);
        this.names = Set.copyOf(known);
        this.port = port;
    }

    /**
     * Checks the values of {@code --allowed-hosts}.
     *
     * @return {@code hosts}
     * @throws IllegalArgumentException naming the first value that is neither a host (without port) nor {@code *}
     */
    static List<String> checkAllowedHosts(List<String> hosts) {
        for (String host : hosts) {
            if (!host.strip().equals("*")) {
                checkHost(host);
            }
        }
        return hosts;
    }

    private static HostName checkHost(String value) {
        return HostName.parse(value.strip()).orElseThrow(() -> new IllegalArgumentException(
                "not a host name or IP address (without scheme or port; IPv6 in brackets) or *: '" + value + "'"));
    }

    /** Whether a request with this {@code Host} header value (null if absent) may be served. */
    boolean allowsHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank() || anyHost) {
            return true;
        }
        return HostName.ofHostHeader(hostHeader).filter(this::isOwnHost).isPresent();
    }

    private boolean isOwnHost(HostName host) {
        return anyHost || host.isLoopback() || names.contains(host) || (anyAddress && host.isAddress());
    }

    /** Whether a page of {@code origin} is one of this server's own pages. */
    boolean isOwnOrigin(Origin origin) {
        return origin.equals(publicOrigin) || (origin.port() == port.getAsInt() && isOwnHost(origin.host()));
    }
}
