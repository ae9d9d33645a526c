package dev.quire.webhook;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps webhooks from being aimed at the server's own network (server-side request forgery): an endpoint URL must
 * be http(s), and every address its host resolves to must be public - unless {@code allowPrivateTargets} lets in
 * loopback, private, link-local and CGNAT ones (see {@link AddressClass}).
 *
 * <p>Checked at registration and again before every attempt, and the attempt connects to the addresses returned
 * here ({@link PinnedHttpSender}): a host that resolves to a public address for the check and to a private one a
 * moment later (DNS rebinding) is never connected to the second. All addresses must pass, not just one, since a
 * client may pick any of them. Thread-safe.
 */
public final class SsrfGuard {

    private final HostResolver resolver;
    private final boolean allowPrivateTargets;

    public SsrfGuard(HostResolver resolver, boolean allowPrivateTargets) {
        this.resolver = resolver;
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /**
     * Checks the form of {@code url} without resolving it.
     *
     * @throws ForbiddenTargetException if it is not an absolute http(s) URL with a host, or has user info or a
     *                                   fragment
     */
    public static void checkForm(URI url) throws ForbiddenTargetException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ForbiddenTargetException("url: only http and https URLs can receive webhooks, not '"
                    + (url.getScheme() == null ? "(no scheme)" : url.getScheme()) + "'");
        }
        checkNumericHost(url);
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new ForbiddenTargetException("url: has no host name (or an invalid one)");
        }
        if (url.getRawUserInfo() != null) {
            throw new ForbiddenTargetException("url: user info (user:password@) is not supported");
        }
        if (url.getRawFragment() != null) {
            throw new ForbiddenTargetException("url: must not have a fragment (#...)");
        }
    }

    /**
     * Resolves the host of {@code url} and checks every address.
     *
     * @return the addresses to connect to, in the resolver's order; never empty
     * @throws ForbiddenTargetException if the URL's form is wrong, its host does not resolve, or an address is
     *                                   of a refused class (the message names the host, address and class)
     */
    public List<InetAddress> check(URI url) throws ForbiddenTargetException {
        checkForm(url);
        String host = host(url);
        List<InetAddress> addresses;
        try {
            // An IP literal is its own answer (the JDK parses it without DNS); a name goes to the resolver.
            addresses = isLiteral(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ForbiddenTargetException("url: host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new ForbiddenTargetException("url: host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<AddressClass> kind = AddressClass.of(address);
            if (kind.isPresent() && !(allowPrivateTargets && kind.get().allowedWithPrivateTargets())) {
                throw new ForbiddenTargetException("url: host '" + host + "' resolves to "
                        + address.getHostAddress() + ", " + kind.get().description() + "; " + (kind.get()
                        .allowedWithPrivateTargets() ? "private targets are not allowed on this server"
                        + " (setting webhooks.allowPrivateTargets)" : "webhooks are never sent there"));
            }
        }
        return addresses;
    }

    /** Four decimal numbers 0-255 without leading zeros: the one IPv4 form every client reads alike. */
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    /** A last label that makes a browser (WHATWG URL) or curl read the whole host as an IPv4 address. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /**
     * Refuses a host that is an IPv4 address in any form but the dotted quad: {@code 0177.0.0.1} is 177.0.0.1 to
     * Java but 127.0.0.1 (octal) to curl and browsers, and {@code 127.1}, {@code 0x7f.1}, {@code 2130706433} are
     * loopback to them too. A receiver must be named so that every reader agrees where it is.
     */
    private static void checkNumericHost(URI url) throws ForbiddenTargetException {
        String host = url.getHost() != null ? url.getHost() : authorityHost(url.getRawAuthority());
        if (host == null || host.startsWith("[")) {
            return;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(last).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            throw new ForbiddenTargetException("url: host '" + host + "' is an ambiguous IPv4 address (leading"
                    + " zeros, hexadecimal, fewer than four parts or a trailing dot are read differently by"
                    + " different clients); write it as four decimal numbers 0-255 without leading zeros, e.g."
                    + " 203.0.113.7");
        }
    }

    /** The host of a raw authority that {@link URI} did not accept as a server name ({@code 127.1}), or null. */
    private static String authorityHost(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        return colon >= 0 && !host.startsWith("[") ? host.substring(0, colon) : host;
    }

    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** The host to resolve: IPv6 literals without brackets, international names in their ASCII form. */
    static String host(URI url) {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
