package dev.quire.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to its addresses: the system's DNS in production, a table in tests. */
@FunctionalInterface
public interface HostResolver {

    /** @throws UnknownHostException if the name does not resolve */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (which caches per {@code networkaddress.cache.ttl}). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
