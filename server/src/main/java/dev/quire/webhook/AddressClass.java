package dev.quire.webhook;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of address a webhook may not reach by default, and how to tell them (by prefix, on the raw bytes: the
 * JDK's {@code isSiteLocalAddress} and friends miss CGNAT, fc00::/7 and addresses embedded in IPv6). Addresses
 * that fit none of them are public and allowed.
 */
public enum AddressClass {
    /** 169.254.169.254, fd00:ec2::254 (AWS), 168.63.129.16 (Azure): never allowed, they hand out credentials. */
    CLOUD_METADATA("a cloud metadata address", false),
    /** 0.0.0.0/8, :: - "this host" to most stacks, so a way to loopback. Never allowed. */
    UNSPECIFIED("an unspecified address", false),
    /** 224.0.0.0/4, 255.255.255.255, ff00::/8 - not a single receiver. Never allowed. */
    MULTICAST("a multicast or broadcast address", false),
    /** 240.0.0.0/4 - reserved, not routable. Never allowed. */
    RESERVED("a reserved address", false),
    LOOPBACK("a loopback address", true),
    /** 10/8, 172.16/12, 192.168/16 (RFC 1918), fc00::/7 (unique local), fec0::/10 (old site-local). */
    PRIVATE("a private address", true),
    /** 169.254/16, fe80::/10. */
    LINK_LOCAL("a link-local address", true),
    /** 100.64/10, carrier-grade NAT (RFC 6598): inside a provider's network. */
    CGNAT("a shared (CGNAT) address", true);

    private final String description;
    private final boolean allowedWithPrivateTargets;

    AddressClass(String description, boolean allowedWithPrivateTargets) {
        this.description = description;
        this.allowedWithPrivateTargets = allowedWithPrivateTargets;
    }

    /** For messages: "a private address". */
    public String description() {
        return description;
    }

    /** Whether the setting {@code allowPrivateTargets} lets endpoints reach this class. */
    public boolean allowedWithPrivateTargets() {
        return allowedWithPrivateTargets;
    }

    private record Prefix(byte[] bytes, int bits, AddressClass kind) {
        static Prefix of(String address, int bits, AddressClass kind) {
            try {
                // Literals only: getByName does no DNS look-up for them.
                return new Prefix(InetAddress.getByName(address).getAddress(), bits, kind);
            } catch (java.net.UnknownHostException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != bytes.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != bytes[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((address[full] ^ bytes[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    // Most specific first: the metadata addresses sit inside link-local and unique-local prefixes.
    private static final List<Prefix> PREFIXES = List.of(
            Prefix.of("169.254.169.254", 32, CLOUD_METADATA),
            Prefix.of("168.63.129.16", 32, CLOUD_METADATA),
            Prefix.of("fd00:ec2::254", 128, CLOUD_METADATA),
            Prefix.of("0.0.0.0", 8, UNSPECIFIED),
            Prefix.of("::", 128, UNSPECIFIED),
            Prefix.of("255.255.255.255", 32, MULTICAST),
            Prefix.of("224.0.0.0", 4, MULTICAST),
            Prefix.of("ff00::", 8, MULTICAST),
            Prefix.of("240.0.0.0", 4, RESERVED),
            Prefix.of("127.0.0.0", 8, LOOPBACK),
            Prefix.of("::1", 128, LOOPBACK),
            Prefix.of("10.0.0.0", 8, PRIVATE),
            Prefix.of("172.16.0.0", 12, PRIVATE),
            Prefix.of("192.168.0.0", 16, PRIVATE),
            Prefix.of("fc00::", 7, PRIVATE),
            Prefix.of("fec0::", 10, PRIVATE),
            Prefix.of("169.254.0.0", 16, LINK_LOCAL),
            Prefix.of("fe80::", 10, LINK_LOCAL),
            Prefix.of("100.64.0.0", 10, CGNAT));

    /** IPv6 prefixes that carry an IPv4 address in their last 4 bytes (mapped, compatible, NAT64). */
    private static final List<Prefix> EMBEDDING_V4 = List.of(
            Prefix.of("::ffff:0:0", 96, null), Prefix.of("::", 96, null), Prefix.of("64:ff9b::", 96, null));

    /** The class of {@code address}, or empty if it is public. */
    public static Optional<AddressClass> of(InetAddress address) {
        return of(address.getAddress());
    }

    static Optional<AddressClass> of(byte[] address) {
        for (Prefix prefix : PREFIXES) {
            if (prefix.contains(address)) {
                return Optional.of(prefix.kind());
            }
        }
        if (address.length == 16) {
            // An IPv6 address that embeds an IPv4 one reaches that IPv4 host; 6to4 (2002::/16) carries it in
            // bytes 2-5.
            for (Prefix prefix : EMBEDDING_V4) {
                if (prefix.contains(address)) {
                    return of(java.util.Arrays.copyOfRange(address, 12, 16));
                }
            }
            if (address[0] == 0x20 && address[1] == 0x02) {
                return of(java.util.Arrays.copyOfRange(address, 2, 6));
            }
        }
        return Optional.empty();
    }
}
