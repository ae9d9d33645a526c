package dev.quire.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host part of a {@code Host} header, an origin or a setting: a DNS name (lower case, without a trailing dot)
 * or an IP address, never both. Parsed strictly and never looked up in DNS, so it is safe on every request: IPv4 only
 * as a dotted quad (browsers rewrite {@code 127.1} or {@code 2130706433} to that form before sending), IPv6 only in
 * brackets. Immutable.
 *
 * @param name    the DNS name, or null for an address
 * @param address the IP address, or null for a name
 */
record HostName(String name, InetAddress address) {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_BRACKETED = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*\\.?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final int MAX_NAME_LENGTH = 253;

    /** {@code localhost}: always the local machine, whatever DNS says. */
    static final HostName LOCALHOST = new HostName("localhost", null);

    HostName {
        if ((name == null) == (address == null)) {
            throw new IllegalArgumentException("a host is a name or an address: " + name + ", " + address);
        }
    }

    /** A host without port: a DNS name, a dotted-quad IPv4 address or a bracketed IPv6 address. */
    static Optional<HostName> parse(String host) {
        if (host == null) {
            return Optional.empty();
        }
        if (IPV4.matcher(host).matches() || IPV6_BRACKETED.matcher(host).matches()) {
            try {
                // A literal in one of these two forms is parsed, never resolved.
                return Optional.of(new HostName(null, InetAddress.getByName(host)));
            } catch (UnknownHostException e) {
                return Optional.empty(); // brackets around something that is not an IPv6 address
            }
        }
        if (host.length() > MAX_NAME_LENGTH + 1 || !DNS_NAME.matcher(host).matches()) {
            return Optional.empty();
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return Optional.of(new HostName(name.toLowerCase(Locale.ROOT), null));
    }

    /** The host of a {@code Host} header value ({@code host} or {@code host:port}); empty if malformed. */
    static Optional<HostName> ofHostHeader(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String host = value.strip();
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && colon > host.lastIndexOf(']')) {
            String port = host.substring(colon + 1);
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                return Optional.empty();
            }
            host = host.substring(0, colon);
        }
        return parse(host);
    }

    boolean isAddress() {
        return address != null;
    }

    /** {@code localhost} or a loopback address ({@code 127.0.0.0/8}, {@code ::1}). */
    boolean isLoopback() {
        return address != null ? address.isLoopbackAddress() : equals(LOCALHOST);
    }

    @Override
    public String toString() {
        if (name != null) {
            return name;
        }
        String literal = address.getHostAddress();
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }
}
